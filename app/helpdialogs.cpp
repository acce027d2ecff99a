#include "helpdialogs.h"

#include <QDesktopServices>
#include <QMessageBox>
#include <QObject>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace portolan::HelpDialogs {

QString portReferenceUrl()
{
    return u"https://learn.microsoft.com/intune/configmgr/core/plan-design/hierarchy/ports"_s;
}

void showGettingStarted(QWidget* parent)
{
    auto* box = new QMessageBox(
        QMessageBox::Information, QObject::tr("Getting started"),
        QObject::tr("<h3>Getting started with Portolan</h3>"
                    "<ol>"
                    "<li><b>Sites.</b> Drag a CAS, primary or secondary site from the palette "
                    "(left; Ctrl+F searches it) onto the canvas. A primary reports to the CAS, a "
                    "secondary to the primary you drop it into.</li>"
                    "<li><b>Servers.</b> Drop a server role into a site frame to make a server of "
                    "that site; drop another role onto a server to co-locate it. Dragging a server "
                    "into another frame moves it to that site.</li>"
                    "<li><b>Clients, consoles, endpoints.</b> Drop client groups, admin consoles "
                    "and external endpoints (Microsoft cloud, WSUS upstream...) next to the sites "
                    "they use.</li>"
                    "<li><b>Links.</b> Shift-drag (or drag with the right button) from a client "
                    "group to its boundary group's site systems, from a pull DP to its source, from "
                    "a SUP to its upstream.</li>"
                    "<li><b>Flows.</b> Edges appear by themselves, labelled with their ports; the "
                    "Flows, Checks and Analysis panels list and chart them. Edit &gt; Arrange &gt; "
                    "Lay Out tidies the drawing.</li>"
                    "<li><b>Hand over.</b> File &gt; Export writes CSV, XLSX and firewall rule sets; "
                    "File &gt; Print and the PDF export draw the diagram with its flow list.</li>"
                    "</ol>"
                    "<p>Every flow comes from Microsoft's <a href=\"%1\">Ports used in "
                    "Configuration Manager</a>; the Port catalog panel shows each row with its "
                    "section.</p>")
            .arg(portReferenceUrl()),
        QMessageBox::Close, parent);
    box->setTextFormat(Qt::RichText);
    box->setTextInteractionFlags(Qt::TextBrowserInteraction);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void showAbout(QWidget* parent)
{
    QMessageBox::about(
        parent, QObject::tr("About Portolan"),
        QObject::tr("<b>Portolan %1</b><p>Designs Configuration Manager hierarchies and computes the port "
                    "flows they need, from Microsoft's reference \"Ports used in Configuration "
                    "Manager\".</p><p>Drag from the palette onto the canvas; Shift-drag from one node to "
                    "another (or drag with the right mouse button) to draw a link; right-click for a "
                    "menu; F2 renames.</p>")
            .arg(QStringLiteral(PORTOLAN_VERSION)));
}

void openPortReference(QWidget* parent)
{
    if (QDesktopServices::openUrl(QUrl(portReferenceUrl())))
        return;
    auto* box = new QMessageBox(QMessageBox::Information, QObject::tr("Port reference"),
                                QObject::tr("No web browser could be opened. The port reference is at:"),
                                QMessageBox::Close, parent);
    box->setObjectName(u"portReferenceMessage"_s);
    box->setInformativeText(portReferenceUrl());
    box->setTextInteractionFlags(Qt::TextSelectableByMouse); // the address can be copied
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace portolan::HelpDialogs
