#pragma once

#include "design/document.h"

#include <QWidget>

#include <functional>

class QFormLayout;
class QLabel;
class QScrollArea;
class QTimer;
struct OptionInfo;

namespace portolan {

class FlowEngine;
struct OptionInfo;

// Everything about the selection, edited in place. Each edit is validated as
// typed (a bad address or port is refused with the reason shown) and then
// reported as before/after states for the controller to push as a command.
class PropertiesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PropertiesPanel(const Document& document, QWidget* parent = nullptr);

    // The flows whose ports a selected node's section lists (none without an engine).
    void setFlowEngine(const FlowEngine* engine);
    // Shows the node, else the site, else the fields several nodes share, else the design.
    void showSelection(const QList<int>& nodes, const QList<int>& sites);
    // The selection's ports as the panel lists them: what it must open, what it must reach.
    QString portsText() const;
    static constexpr int kMaxPortNodes = 500; // larger selections: the Flows panel lists them
    QString message() const;

    // Checks used by the editors, public for tests.
    static QString addressProblem(const QString& address);
    static QString subnetProblem(const QString& subnets);
    static QString hostNameProblem(const QString& name);
    static QString siteCodeProblem(const QString& code);

Q_SIGNALS:
    void nodeEdited(const portolan::Node& before, const portolan::Node& after, const QString& text);
    // Several nodes changed at once (a field set on a multiple selection): one undo step.
    void nodesEdited(const QList<portolan::Node>& before, const QList<portolan::Node>& after,
                     const QString& text);
    void siteEdited(const portolan::Site& before, const portolan::Site& after, const QString& text);
    void zonesEdited(const QList<portolan::Zone>& zones, const QString& text);
    void designEdited(const portolan::DesignInfo& info, const portolan::Options& options,
                      const QString& text);
    // "Show in the Flows panel" under the selection's ports.
    void showFlowsRequested();

private:
    void rebuild();
    void clearForm();
    void buildNode(const Node& node);
    void buildNodes();
    void updateTitle();
    void buildSite(const Site& site);
    void buildDesign();
    void addPorts(const QList<int>& nodes);
    void updatePorts();
    QString optionChangeText(const QString& name) const;
    void addOptions(const QStringList& prefixes, const Options& values,
                    const std::function<void(const QString&, const QVariant&)>& apply);
    QWidget* optionEditor(const OptionInfo& info, const QVariant& value,
                          const std::function<void(const QVariant&)>& apply);
    void addTextField(const QString& label, const QString& value,
                      const std::function<QString(const QString&)>& check,
                      const std::function<void(const QString&)>& apply);
    void showMessage(const QString& text);
    void editNode(const std::function<void(Node&)>& change, const QString& text);
    void editSite(const std::function<void(Site&)>& change, const QString& text);

    const Document& m_document;
    QScrollArea* m_scroll;
    QWidget* m_form = nullptr;
    QFormLayout* m_layout = nullptr;
    QLabel* m_title;
    QLabel* m_message;
    int m_node = -1;
    int m_site = -1;
    QList<int> m_nodes; // a multiple selection
    const FlowEngine* m_engine = nullptr;
    QLabel* m_ports = nullptr; // in the form, for a selected node or nodes
    QList<int> m_portNodes;
    QTimer* m_portsRefresh = nullptr;
    bool m_applying = false;
};

} // namespace portolan
