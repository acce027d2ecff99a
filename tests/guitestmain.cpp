// GoogleTest main for suites that need a QApplication (run with
// QT_QPA_PLATFORM=offscreen, set by CTest).
#include <gtest/gtest.h>

#include <QApplication>

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("PortolanTests"));
    QApplication::setApplicationName(QStringLiteral("PortolanTests"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
