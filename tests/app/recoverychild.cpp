// A designer session for the recovery tests to crash or terminate: opens a
// design in the main window, renames it, prints "ready" and runs until killed.
//   recovery_child crash DESIGN   copies every second (the parent waits for one, then kill -9)
//   recovery_child term DESIGN    no copies on a timer (the parent sends SIGTERM)
#include "designcontroller.h"
#include "filesafety.h"
#include "mainwindow.h"
#include "recovery.h"

#include <QApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"PortolanTests"_s);
    QApplication::setApplicationName(u"PortolanTests"_s);
    if (argc != 3)
        return 2;
    const QString mode = QString::fromLocal8Bit(argv[1]);
    portolan::MainWindow window;
    window.safety().recovery().setInterval(mode == u"crash" ? 1 : 0);
    if (!window.openDesign(QString::fromLocal8Bit(argv[2])))
        return 2;
    portolan::DesignController& c = window.controller();
    portolan::DesignInfo info = c.document().info();
    info.name = u"Edited before the end"_s;
    c.editDesign(info, c.document().options(), u"Rename"_s);
    std::puts("ready");
    std::fflush(stdout);
    return app.exec();
}
