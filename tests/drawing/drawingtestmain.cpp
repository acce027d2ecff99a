// GoogleTest main for the drawing layer: a QGuiApplication (fonts, icons), no widgets
// (run with QT_QPA_PLATFORM=offscreen, set by CTest).
#include <gtest/gtest.h>

#include <QGuiApplication>

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QGuiApplication::setOrganizationName(QStringLiteral("PortolanTests"));
    QGuiApplication::setApplicationName(QStringLiteral("PortolanTests"));
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
