#include "catalogcsv.h"

#include "catalog/catalog.h"
#include "csvwriter.h"

using namespace Qt::StringLiterals;

namespace portolan {

QByteArray catalogToCsv(const Catalog& catalog)
{
    CsvWriter csv;
    csv.addRow({u"Source Role"_s, u"Destination Role"_s, u"Protocol"_s, u"Port"_s, u"Description"_s,
                u"Configurable"_s, u"Notes"_s, u"Reference"_s, u"Scope"_s, u"Options"_s, u"Basis"_s,
                u"Install Only"_s, u"Why"_s, u"Source URL"_s});
    for (const CatalogRow& row : catalog.rows()) {
        QStringList notes;
        for (int n : row.notes)
            notes << QString::number(n);
        QStringList when;
        for (const Condition& c : row.when)
            when << c.toString();
        if (!row.portOption.isEmpty())
            when << u"port:"_s + row.portOption;
        csv.addRow({catalog.role(row.sourceRole).name, catalog.role(row.destinationRole).name,
                    protocolName(row.protocol), row.port.toString(), row.description,
                    row.configurable ? u"Yes"_s : u"No"_s, notes.join(u';'), referenceLabel(row),
                    scopeName(row.scope), when.join(u' '), basisLabel(row),
                    row.installOnly ? u"Yes"_s : u"No"_s, row.reason, row.url});
    }
    return csv.data();
}

} // namespace portolan
