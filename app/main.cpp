// The `portolan` program. It links QtCore and the model only, so that its commands start without
// loading and relocating the dozens of libraries the window needs (a tenth of the time of `portolan
// check` on a large design); the window and the diagram exports are in the designer library
// (designermain.cpp), loaded at run time for them.

#include "commandline.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLibrary>

#ifdef __GLIBC__
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

namespace {

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

// Hands the command line to the designer library: next to the program (the build tree, Windows) or
// in the library folder of the installation (PORTOLAN_DESIGNER_DIR, relative to the program's).
int runDesigner(int argc, char* argv[], QIODevice& err)
{
    QString programDir;
    {
        int one = 1; // the program's own folder, from the system (not from argv[0])
        QCoreApplication probe(one, argv);
        programDir = QCoreApplication::applicationDirPath();
    }
    const QString name = QStringLiteral(PORTOLAN_DESIGNER_LIBRARY);
    QStringList tried;
    for (const QString& dir : {programDir, QDir::cleanPath(programDir + u"/" PORTOLAN_DESIGNER_DIR ""_s)}) {
        const QString path = QDir(dir).filePath(name);
        if (tried.contains(path))
            continue;
        tried << path;
        if (!QFileInfo::exists(path))
            continue;
        QLibrary library(path);
        using Entry = int (*)(int, char**);
        if (const auto entry = reinterpret_cast<Entry>(library.resolve("portolan_designer_main")))
            return entry(argc, argv);
        err.write((u"portolan: cannot load the designer library %1: %2\n"_s.arg(
                       QDir::toNativeSeparators(path), library.errorString()))
                      .toLocal8Bit());
        return 2;
    }
    for (QString& path : tried)
        path = QDir::toNativeSeparators(path);
    err.write((u"portolan: the designer library %1 is missing (looked for %2); the window and the "
               u"diagram exports (pdf, svg, png, vsdx, drawio) need it: reinstall Portolan\n"_s.arg(
                   name, tried.join(u" and ")))
                  .toLocal8Bit());
    return 2;
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
    portolan::setProcessEndsWithCommand(true);
    // Diagram exports and the window: no exit code, for the designer library.
    const portolan::LaunchRequest request = portolan::runCommandLine(args, out, err, nullptr);
    if (request.exitCode)
        return portolan::commandExitCode(request, out, err);
    return runDesigner(argc, argv, err);
}
