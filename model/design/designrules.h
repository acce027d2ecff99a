#pragma once

#include "document.h"

#include <QJsonValue>

#include <optional>

namespace portolan {

struct OptionInfo;

// What a design may hold, in one place: the file reader refuses what breaks
// these rules, and the designer refuses edits that break them, so that every
// design the designer can make saves into a file that opens again.
namespace DesignRules {

inline constexpr qsizetype kMaxTextLength = 4096;
inline constexpr double kMaxCoordinate = 10'000'000;

// Each returns why the value cannot be stored, or an empty string when it can.
QString textProblem(const QString& text, bool required = false);
QString addressProblem(const QString& address); // IPv4, IPv6 or CIDR; empty is allowed
QString subnetProblem(const QString& subnet);   // CIDR
QString colorProblem(const QString& color);     // #rrggbb; empty is allowed
QString interfaceProblem(const QString& name);  // a network interface name ("eth1"); empty is allowed
QString coordinateProblem(double value);

// Positions and frames are kept within what a file can hold.
QPointF clampPosition(QPointF position);
QRectF clampFrame(const QRectF& frame);

// An option value as the file stores it, checked against the catalog's
// definition; nullopt with *why when it is not acceptable.
std::optional<QVariant> optionValue(const OptionInfo& info, const QJsonValue& value, QString* why);
// The option name prefixes a thing of this kind may carry ("dp", "site", ...).
QStringList optionPrefixes(NodeKind kind);
QString optionsProblem(const Catalog& catalog, const Options& options, const QStringList& prefixes);

// Whole-object checks against the document an edit applies to.
QString nodeProblem(const Document& document, const Node& node);
QString siteProblem(const Document& document, const Site& site);
// A hierarchy has three levels: a CAS has no parent, a primary's parent is the
// CAS, a secondary's parent is a primary. Anything else (a deeper chain, a
// cycle) is refused before any work that follows parents.
QString parentProblem(SiteKind kind, SiteKind parentKind);
QString infoProblem(const DesignInfo& info);
QString zonesProblem(const Document& document, const QList<Zone>& zones);

} // namespace DesignRules

} // namespace portolan
