#include "commandline.h"
#include "designcontroller.h"
#include "filesafety.h"
#include "mainwindow.h"

#include <QApplication>
#include <QFile>
#include <QGuiApplication>

#include <memory>

#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

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

// A headless command is a batch job: it fills its memory once (the design, the parser's buffers, the
// flows) and exits. The first 128 MB of its heap are reserved up front and marked for transparent
// huge pages, where the system gives them on request (Linux's "madvise" setting, Debian's default),
// so that filling them takes a page fault per 2 MB instead of one per 4 KB: faulting in and clearing
// 4 KB pages was a quarter of the time of `portolan check` on a large design. Blocks up to 4 MB come
// from that heap; larger ones are mapped apart as before (they grow without a copy), and so is any
// heap past the reserve, so that a command of hundreds of MB (an export) pays no more than before.
// The price is memory: pages are whole 2 MB, about 15 MB more at the peak on a large design.
void prepareBatchHeap()
{
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && !defined(__SANITIZE_ADDRESS__)
    constexpr size_t kReserve = size_t(128) << 20;
    constexpr size_t kHuge = size_t(2) << 20;
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, int(kReserve));
    mallopt(M_TOP_PAD, int(kReserve));
    void* grow = malloc(kHuge); // more than the heap has free: it grows by the reserve
    const auto start = reinterpret_cast<uintptr_t>(grow);
    const auto end = reinterpret_cast<uintptr_t>(sbrk(0));
    const uintptr_t alignedStart = (start + kHuge - 1) & ~(kHuge - 1);
    if (grow && end > alignedStart)
        madvise(reinterpret_cast<void*>(alignedStart), end - alignedStart, MADV_HUGEPAGE);
    free(grow);
    mallopt(M_TOP_PAD, 16 << 20);
#endif
}

} // namespace

int main(int argc, char* argv[])
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (!args.isEmpty() && !args.first().endsWith(u".portolan"))
        prepareBatchHeap();

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
    if (request.exitCode) {
        // Output that did not reach its destination (a full disk, a closed pipe) is a failure.
        if (!out.flush() || out.error() != QFileDevice::NoError) {
            err.write(QByteArray("portolan: cannot write to standard output: ") +
                      out.errorString().toLocal8Bit() + '\n');
            return 2;
        }
        return *request.exitCode;
    }

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
