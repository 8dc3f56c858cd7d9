// bench_diffview: how fast the diff viewer shows large diffs, offscreen.
//
//   (a) one modified file whose diff has 100,000 lines (12,500 hunks of 8 lines:
//       3 context, one line replaced, 3 context), intraline ranges filled;
//   (b) 12 files of 8,000 diff lines each in the same small hunks (12,000 hunks).
//
// Measured: from DiffView::setDiff() to the end of a forced, synchronous repaint of
// the shown diff pane (offscreen platform), i.e. the row model, the file list and the
// first screen painted. The DiffFile values of (a) and (b) are generated in memory;
// generation is not timed. A third figure takes (b)'s shape through ReviewDiff from a
// generated repository (made with the git CLI, set-up only): the libgit2 diff and
// then the same open, reported apart. Syntax highlighting is on (the real
// kate-syntax-highlighter when installed) but arrives after the first paint by design;
// its arrival for the first file of (b) is reported separately.
//
// Each figure is the median of 7 runs. Last line: one JSON object.

#include "diffview.h"
#include "kateprocesshighlighter.h"
#include "reviewdiff.h"
#include "worddiff.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QWindow>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Autopack;
using namespace Autopack::DiffUi;
using Git::DiffFile;
using Git::DiffLine;
using Git::Hunk;

namespace {

// A file whose diff has `diffLines` lines in hunks of 8, as a rename across it gives.
DiffFile hunkedFile(const QString &path, int diffLines)
{
    DiffFile file;
    file.oldPath = file.newPath = path;
    file.status = DiffFile::Status::Modified;
    file.oldMode = file.newMode = 0100644;
    const int hunks = diffLines / 8;
    file.hunks.reserve(hunks);
    int line = 1;
    for (int h = 0; h < hunks; ++h) {
        Hunk hunk;
        hunk.oldStart = hunk.newStart = line;
        hunk.oldCount = hunk.newCount = 7;
        hunk.header = QStringLiteral("@@ -%1,7 +%1,7 @@ void function%2()").arg(line).arg(h);
        auto add = [&](DiffLine::Kind kind, const QString &text, int number) {
            DiffLine l;
            l.kind = kind;
            l.text = text;
            if (kind != DiffLine::Kind::Added)
                l.oldLine = number;
            if (kind != DiffLine::Kind::Removed)
                l.newLine = number;
            hunk.lines.append(l);
        };
        for (int i = 0; i < 3; ++i)
            add(DiffLine::Kind::Context, QStringLiteral("    int value%1 = compute(value%1, %2);").arg(line + i).arg(h),
                line + i);
        add(DiffLine::Kind::Removed, QStringLiteral("    result += oldName(value%1, \"%2\");").arg(line + 3).arg(h),
            line + 3);
        add(DiffLine::Kind::Added, QStringLiteral("    result += newName(value%1, \"%2\");").arg(line + 3).arg(h),
            line + 3);
        for (int i = 4; i < 7; ++i)
            add(DiffLine::Kind::Context, QStringLiteral("    int value%1 = compute(value%1, %2);").arg(line + i).arg(h),
                line + i);
        Git::WordDiff::fillHunk(hunk);
        file.hunks.append(hunk);
        file.additions += 1;
        file.deletions += 1;
        line += 20; // 13 unchanged lines between hunks
    }
    return file;
}

// Set-up only (the product never runs git): `git` with the bench's identity.
bool git(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(QStringLiteral("git"),
        QStringList { QStringLiteral("-c"), QStringLiteral("user.name=Bench"), QStringLiteral("-c"),
            QStringLiteral("user.email=bench@example.invalid") }
            + args);
    return p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// A repository whose HEAD commit changes one line in every 10 of 12 files of 8,000
// lines: 800 hunks a file, 9,600 in all, as ReviewDiff gives them to the viewer.
bool writeRepository(const QString &dir)
{
    auto writeFiles = [&](bool changed) {
        for (int f = 0; f < 12; ++f) {
            QDir().mkpath(dir + QStringLiteral("/src/module%1").arg(f));
            QFile file(dir + QStringLiteral("/src/module%1/file%1.cpp").arg(f));
            if (!file.open(QIODevice::WriteOnly))
                return false;
            QByteArray text;
            for (int line = 1; line <= 8000; ++line) {
                const QByteArray n = QByteArray::number(line);
                if (line % 10 == 5)
                    text += "    result += " + QByteArray(changed ? "newName" : "oldName") + "(value" + n
                        + ", \"x\");\n";
                else
                    text += "    int value" + n + " = compute(" + n + ");\n";
            }
            file.write(text);
        }
        return true;
    };
    return git(dir, { QStringLiteral("init"), QStringLiteral("-q") }) && writeFiles(false)
        && git(dir, { QStringLiteral("add"), QStringLiteral("-A") })
        && git(dir, { QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("base") })
        && writeFiles(true)
        && git(dir,
            { QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-a"), QStringLiteral("-m"),
                QStringLiteral("rename") });
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Forces one complete, synchronous paint of the diff pane and checks it happened:
// grab() runs paintEvent into a pixmap whether or not the platform exposed the window.
void paintNow(DiffView &view)
{
    const QImage image = view.pane()->viewport()->grab().toImage();
    if (image.isNull())
        qFatal("bench_diffview: the diff pane did not paint");
}

void out(const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const bool haveKate = !QStandardPaths::findExecutable(QStringLiteral("kate-syntax-highlighter")).isEmpty();
    Highlight::KateProcessHighlighter highlighter;

    const QList<DiffFile> big { hunkedFile(QStringLiteral("src/generated/big.cpp"), 100000) };
    QList<DiffFile> twelve;
    for (int i = 0; i < 12; ++i)
        twelve.append(hunkedFile(QStringLiteral("src/module%1/file%1.cpp").arg(i), 8000));
    int bigLines = 0;
    for (const Hunk &h : big.first().hunks)
        bigLines += int(h.lines.size());
    out(QStringLiteral(
        "(a) 1 file, %1 diff lines, %2 hunks; (b) 12 files x 8,000 diff lines, %3 hunks; highlighter: %4")
            .arg(bigLines)
            .arg(big.first().hunks.size())
            .arg(12 * twelve.first().hunks.size())
            .arg(haveKate ? QStringLiteral("kate-syntax-highlighter") : QStringLiteral("none installed")));

    auto measure = [&](const QList<DiffFile> &files, DiffMode mode, double *highlightMs) {
        std::vector<double> times;
        std::vector<double> highlights;
        for (int run = 0; run < 7; ++run) {
            DiffView view;
            view.resize(1400, 900);
            view.setHighlighter(&highlighter);
            view.setMode(mode);
            view.show();
            while (!view.windowHandle()->isExposed())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
            QElapsedTimer clock;
            clock.start();
            view.setDiff(files, QStringLiteral("bench%1").arg(run));
            paintNow(view);
            times.push_back(clock.nsecsElapsed() / 1e6);
            if (highlightMs && haveKate) {
                // Until the first file's highlighting is painted (cached after run 0).
                while (!view.pane()->isHighlighted(0) && clock.elapsed() < 20000)
                    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
                paintNow(view);
                highlights.push_back(clock.nsecsElapsed() / 1e6);
                // For a look at the result: BENCH_DIFFVIEW_SCREENSHOT=/tmp/diff.png
                if (run == 0 && !qEnvironmentVariableIsEmpty("BENCH_DIFFVIEW_SCREENSHOT"))
                    view.grab().save(qEnvironmentVariable("BENCH_DIFFVIEW_SCREENSHOT"));
            }
        }
        if (highlightMs)
            *highlightMs = highlights.empty() ? -1 : highlights.front();
        return median(times);
    };

    const double firstPaint = measure(big, DiffMode::Unified, nullptr);
    out(QStringLiteral("first paint, 100,000-line diff, unified: %1 ms (target < 250)").arg(firstPaint, 0, 'f', 1));
    const double firstPaintSide = measure(big, DiffMode::SideBySide, nullptr);
    out(QStringLiteral("first paint, 100,000-line diff, side by side: %1 ms").arg(firstPaintSide, 0, 'f', 1));
    double highlightMs = -1;
    const double open12 = measure(twelve, DiffMode::Unified, &highlightMs);
    out(QStringLiteral("open 12 x 8,000 lines, unified: %1 ms (target < 1,000)").arg(open12, 0, 'f', 1));
    out(QStringLiteral("  first file highlighted and repainted (uncached, first run): %1 ms")
            .arg(highlightMs, 0, 'f', 1));

    // Mode switch and scrolling on the 12-file diff, once shown.
    {
        DiffView view;
        view.resize(1400, 900);
        view.show();
        view.setDiff(twelve, QStringLiteral("switch"));
        paintNow(view);
        view.pane()->scrollToRow(view.pane()->model().rowCount() / 2);
        std::vector<double> switches;
        std::vector<double> pages;
        for (int run = 0; run < 7; ++run) {
            QElapsedTimer clock;
            clock.start();
            view.setMode(run % 2 ? DiffMode::Unified : DiffMode::SideBySide);
            paintNow(view);
            switches.push_back(clock.nsecsElapsed() / 1e6);
            clock.restart();
            view.pane()->scrollToRow(view.pane()->topRow() + 40);
            paintNow(view);
            pages.push_back(clock.nsecsElapsed() / 1e6);
        }
        out(QStringLiteral("mode switch + repaint (12 x 8,000): %1 ms; one page scrolled + repaint: %2 ms")
                .arg(median(switches), 0, 'f', 1)
                .arg(median(pages), 0, 'f', 2));
    }

    // (b) again, the DiffFiles made by ReviewDiff from a generated repository.
    {
        QTemporaryDir dir;
        if (!dir.isValid() || !writeRepository(dir.path())) {
            out(QStringLiteral("ReviewDiff variant skipped: cannot create the repository with git"));
        } else {
            const Git::ReviewDiff diff(dir.path());
            std::vector<double> diffTimes;
            QList<DiffFile> files;
            for (int run = 0; run < 3; ++run) {
                QElapsedTimer clock;
                clock.start();
                auto result = diff.commit(QStringLiteral("HEAD"));
                diffTimes.push_back(clock.nsecsElapsed() / 1e6);
                if (!result) {
                    out(QStringLiteral("ReviewDiff failed: %1").arg(result.error().message));
                    return 1;
                }
                files = result->files;
            }
            int hunks = 0;
            for (const DiffFile &file : std::as_const(files))
                hunks += int(file.hunks.size());
            const double open = measure(files, DiffMode::Unified, nullptr);
            out(QStringLiteral(
                "ReviewDiff of 12 files x 8,000 lines (%1 hunks): diff %2 ms (median of 3), then open %3 ms")
                    .arg(hunks)
                    .arg(median(diffTimes), 0, 'f', 1)
                    .arg(open, 0, 'f', 1));
        }
    }

    out(QStringLiteral("{\"first_paint_100k_ms\": %1, \"open_12x8000_ms\": %2}")
            .arg(firstPaint, 0, 'f', 1)
            .arg(open12, 0, 'f', 1));
    return 0;
}
