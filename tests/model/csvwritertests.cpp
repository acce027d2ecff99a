#include "export/csvwriter.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace portolan;

TEST(CsvWriter, QuotesOnlyWhatNeedsQuoting)
{
    CsvWriter csv;
    csv.addRow({u"plain"_s, u"a,b"_s, u"say \"hi\""_s, u"two\nlines"_s, u""_s});
    EXPECT_EQ(csv.data(), QByteArray("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\n"));
}

TEST(CsvWriter, CrlfAndUtf8)
{
    CsvWriter csv({.crlf = true, .neutraliseFormulas = false});
    csv.addRow({u"Zürich"_s, u"x"_s});
    EXPECT_EQ(csv.data(), QByteArray("Z\xc3\xbcrich,x\r\n"));
}

TEST(CsvWriter, NeutralisesFormulasWhenAsked)
{
    CsvWriter csv({.crlf = false, .neutraliseFormulas = true});
    csv.addRow({u"=cmd|' /C calc'!A0"_s, u"+1"_s, u"-2"_s, u"@SUM(A1)"_s, u"\tx"_s, u"host-1"_s});
    EXPECT_EQ(csv.data(), QByteArray("'=cmd|' /C calc'!A0,'+1,'-2,'@SUM(A1),'\tx,host-1\n"));
    CsvWriter plain;
    plain.addRow({u"=1"_s});
    EXPECT_EQ(plain.data(), QByteArray("=1\n"));
}
