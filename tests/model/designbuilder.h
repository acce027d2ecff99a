#pragma once

// Builds designs in tests without JSON, and reads flows back as text.
#include "catalog/catalog.h"
#include "design/document.h"
#include "flows/flowengine.h"

#include <QStringList>

#include <memory>

using namespace Qt::StringLiterals;

namespace portolan::test {

class DesignBuilder
{
public:
    DesignBuilder() : doc(std::make_unique<Document>(Catalog::builtin())) {}

    int site(const QString& code, SiteKind kind, int parent = -1, const Options& options = {})
    {
        Site s;
        s.key = code;
        s.code = code;
        s.name = code;
        s.kind = kind;
        s.parent = parent;
        s.options = options;
        return doc->addSite(s);
    }

    int server(const QString& name, int site, const QStringList& roles, const Options& options = {})
    {
        Node n;
        n.kind = NodeKind::Server;
        n.key = name;
        n.name = name;
        n.address = u"10.0.0.%1"_s.arg(++m_address);
        n.site = site;
        for (const QString& r : roles)
            n.roles << Catalog::builtin().roleIndex(r);
        n.options = options;
        return doc->addNode(n);
    }

    int group(const QString& name, int site, const Options& options = {}, OsFamily os = OsFamily::Windows)
    {
        Node n;
        n.kind = NodeKind::ClientGroup;
        n.key = name;
        n.name = name;
        n.site = site;
        n.subnets = {u"10.100.0.0/24"_s};
        n.devices = 100;
        n.os = os;
        n.options = options;
        return doc->addNode(n);
    }

    int console(const QString& name, const QList<int>& sites = {}, const Options& options = {})
    {
        Node n;
        n.kind = NodeKind::Console;
        n.key = name;
        n.name = name;
        n.address = u"10.50.0.1"_s;
        n.managedSites = sites;
        n.options = options;
        return doc->addNode(n);
    }

    int endpoint(const QString& name, const QString& kind, const Options& options = {})
    {
        Node n;
        n.kind = NodeKind::Endpoint;
        n.key = name;
        n.name = name;
        n.roles << Catalog::builtin().roleIndex(kind);
        n.options = options;
        return doc->addNode(n);
    }

    int link(LinkKind kind, int from, int to)
    {
        Link l;
        l.kind = kind;
        l.from = from;
        l.to = to;
        return doc->addLink(l);
    }

    FlowEngine& engine()
    {
        if (!m_engine)
            m_engine = std::make_unique<FlowEngine>(*doc);
        return *m_engine;
    }

    // "TCP 443", "UDP 63000-64000", "ICMP", sorted, non-local flows from a to b.
    QStringList ports(int from, int to, bool includeLocal = false)
    {
        QStringList result;
        for (const Flow& f : engine().flowsBetween(from, to))
            if (includeLocal || !f.local) {
                const QString text = f.protocol == Protocol::Icmp
                                         ? u"ICMP"_s
                                         : protocolName(f.protocol) + u' ' + f.port.toString();
                if (!result.contains(text))
                    result << text;
            }
        result.sort();
        return result;
    }

    bool has(int from, int to, const QString& port) { return ports(from, to).contains(port); }

    // Reference sections of the flows from a to b.
    QStringList sections(int from, int to)
    {
        QStringList result;
        for (const Flow& f : engine().flowsBetween(from, to)) {
            const QString section = Catalog::builtin().rows().at(f.row).section;
            if (!result.contains(section))
                result << section;
        }
        result.sort();
        return result;
    }

    std::unique_ptr<Document> doc;

private:
    std::unique_ptr<FlowEngine> m_engine;
    int m_address = 0;
};

} // namespace portolan::test
