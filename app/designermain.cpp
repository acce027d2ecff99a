// The designer library's entry point: the window, and the diagram exports (which draw text and icons
// with QtGui). The `portolan` program (main.cpp) loads this library for them only; every other
// command runs without it.

#include "commandline.h"
#include "designcontroller.h"
#include "filesafety.h"
#include "mainwindow.h"

#include <QApplication>
#include <QFile>
#include <QGuiApplication>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// Headless commands print only what they mean to: Qt's notice that root has
// no XDG_RUNTIME_DIR (it picks a directory itself) is noise on a terminal.
QtMessageHandler previousHandler = nullptr;

void quietHandler(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (message.startsWith(u"QStandardPaths: XDG_RUNTIME_DIR"))
        return;
    if (previousHandler)
        previousHandler(type, context, message);
}

} // namespace

// The command line as main() received it (argv[0] the program).
extern "C" Q_DECL_EXPORT int portolan_designer_main(int argc, char* argv[])
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    QFile out;
    QFile err;
    if (!out.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered) ||
        !err.open(stderr, QIODevice::WriteOnly | QIODevice::Unbuffered))
        return 2;
    // Diagram exports draw text and icons: they need a GUI application, headless
    // on the offscreen platform when no platform is chosen.
    std::unique_ptr<QGuiApplication> headless;
    if (!args.isEmpty() && args.first() == u"export") {
        previousHandler = qInstallMessageHandler(quietHandler);
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        headless = std::make_unique<QGuiApplication>(argc, argv);
    }
    portolan::setProcessEndsWithCommand(true);
    const portolan::LaunchRequest request = portolan::runCommandLine(args, out, err);
    if (request.exitCode)
        return portolan::commandExitCode(request, out, err);

    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"Portolan"_s);
    QApplication::setApplicationName(u"Portolan"_s);
    QApplication::setApplicationVersion(u"" PORTOLAN_VERSION ""_s);
    portolan::MainWindow window;
    window.show();
    window.offerRecovery();
    if (window.safety().quittingForSignal())
        return 0;
    if (!request.designPath.isEmpty() && !window.controller().isModified() &&
        window.openDesign(request.designPath) && !request.resultsPaths.isEmpty())
        window.importTestResults(request.resultsPaths);
    return app.exec();
}
