#pragma once

#include <QList>
#include <QString>

namespace portolan {

class Document;
class FlowEngine;

// A problem with a design: the hierarchy rules of DOMAIN.md section 1 and the
// mistakes that make flows go missing. Designs that break them still load.
struct DesignIssue
{
    enum class Severity
    {
        Warning,
        Error
    };
    Severity severity = Severity::Warning;
    QString message;
    int site = -1; // the culprit, when it is a site
    int node = -1; // the culprit, when it is a node
};

QList<DesignIssue> checkDesign(const Document& document, const FlowEngine& engine);

// "error: site P01 (Primary one): has no management point"
QString formatIssue(const Document& document, const DesignIssue& issue);

} // namespace portolan
