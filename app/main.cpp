#include "commandline.h"
#include "mainwindow.h"

#include <QApplication>
#include <QFile>

using namespace Qt::StringLiterals;

int main(int argc, char* argv[])
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    QFile out;
    QFile err;
    if (!out.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered) ||
        !err.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered))
        return 2;
    const portolan::LaunchRequest request = portolan::runCommandLine(args, out, err);
    if (request.exitCode)
        return *request.exitCode;

    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"Portolan"_s);
    QApplication::setApplicationName(u"Portolan"_s);
    QApplication::setApplicationVersion(u"" PORTOLAN_VERSION ""_s);
    portolan::MainWindow window;
    window.show();
    if (!request.designPath.isEmpty())
        window.openDesign(request.designPath);
    return app.exec();
}
