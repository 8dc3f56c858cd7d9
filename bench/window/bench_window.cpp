// bench_window: the main window over 4,000 runs × 25 phases (100k phases), offscreen.
//
// Measures (issue 8):
//   open_100k_ms         from Store::open() to the main window shown with the run tree
//                        and board models loaded and its first frame painted;
//   scroll_frame_ms_p99  the run tree and the board's largest column (every card is
//                        QUEUED) scrolled a page at a time, each step's scroll plus a
//                        synchronous repaint of the view timed as one frame; the 99th
//                        percentile over both views.
// The database is made the way bench_store makes it: a child process, one
// Store::createRun (one transaction) per run. Readable lines first; the last line is
// one JSON object of the figures.

#include "boardview.h"
#include "mainwindow.h"
#include "phaseboardmodel.h"
#include "runtreefilterproxy.h"
#include "store.h"
#include "benchdatabase.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QProcess>
#include <QScrollBar>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QWindow>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace Autopack;

namespace {

constexpr int RunCount = 4000;
constexpr int TierCount = 5;
constexpr int PhasesPerTier = 5;
constexpr int PagesPerView = 300; // frames measured per view

void say(const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

int fail(const QString &what)
{
    std::fputs(qPrintable(QStringLiteral("bench_window: ") + what + QLatin1Char('\n')), stderr);
    return 1;
}

double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

// Child process: as bench_store's, one createRun per run through the store's write API.
int createDatabase(const QString &path)
{
    const QList<Bench::PhaseKind> kinds {
        { QStringLiteral("tests"), QStringLiteral("low") },
        { QStringLiteral("docs"), QStringLiteral("low") },
        { QStringLiteral("schema_change"), QStringLiteral("high") },
        { QStringLiteral("feature_scaffolding"), QStringLiteral("medium") },
        { QStringLiteral("cross_cutting_refactor"), QStringLiteral("high") },
    };
    if (auto created = Bench::createBenchDatabase(path, RunCount, TierCount, PhasesPerTier, kinds); !created)
        return fail(QStringLiteral("cannot create %1: %2").arg(path, created.error().message));
    return 0;
}

double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

// One frame: the scroll step plus a synchronous repaint of what the view now shows.
// Wall time per frame is returned; the GUI thread's CPU time per frame goes to `cpu`
// (on a shared machine the wall clock also counts time other processes held the CPU).
std::vector<double> scrollPages(QAbstractItemView *view, std::vector<double> &cpu)
{
    std::vector<double> frames;
    QScrollBar *bar = view->verticalScrollBar();
    bar->setValue(bar->minimum());
    view->viewport()->repaint();
    for (int i = 0; i < PagesPerView && bar->value() < bar->maximum(); ++i) {
        QElapsedTimer t;
        const double c0 = threadCpuMs();
        t.start();
        bar->setValue(bar->value() + bar->pageStep());
        QCoreApplication::sendPostedEvents(); // layout work the scroll queued
        view->viewport()->repaint();
        frames.push_back(double(t.nsecsElapsed()) / 1e6);
        cpu.push_back(threadCpuMs() - c0);
    }
    return frames;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return -1;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    for (int i = 1; i + 1 < argc; ++i)
        if (qstrcmp(argv[i], "--create") == 0) {
            QCoreApplication core(argc, argv);
            return createDatabase(QString::fromLocal8Bit(argv[i + 1]));
        }
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() > 1 && !(args.size() == 3 && args.at(1) == QLatin1String("--from")))
        return fail(QStringLiteral("usage: bench_window [--create NEW.db | --from EXISTING.db]"));

    QTemporaryDir dir;
    if (!dir.isValid())
        return fail(QStringLiteral("no temporary directory: ") + dir.errorString());
    // The window's remembered state goes to the scratch directory, never the user's.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.filePath(QStringLiteral("settings")));
    const QString path = dir.filePath(QStringLiteral("bench.db"));
    say(QStringLiteral("bench_window: %1 runs x %2 tiers x %3 phases = %4 phases, platform %5")
            .arg(RunCount)
            .arg(TierCount)
            .arg(PhasesPerTier)
            .arg(RunCount * TierCount * PhasesPerTier)
            .arg(QGuiApplication::platformName()));
    if (args.size() == 3) {
        if (!QFile::copy(args.at(2), path))
            return fail(QStringLiteral("cannot copy %1").arg(args.at(2)));
        say(QStringLiteral("setup: copied %1").arg(args.at(2)));
    } else {
        QElapsedTimer setup;
        setup.start();
        const int created
            = QProcess::execute(QCoreApplication::applicationFilePath(), { QStringLiteral("--create"), path });
        if (created != 0)
            return fail(QStringLiteral("creating the database failed (exit %1)").arg(created));
        say(QStringLiteral("setup: database created in %1 s (child process)")
                .arg(double(setup.elapsed()) / 1000.0, 0, 'f', 1));
    }

    // --- open: store, window, both models, shown and painted -------------------------
    const double cpu0 = cpuMs();
    QElapsedTimer open;
    open.start();
    auto store = Store::open(path);
    if (!store)
        return fail(QStringLiteral("cannot open the store: ") + store.error().message);
    const qint64 storeMs = open.elapsed();
    Ui::MainWindow window;
    window.tabs()->setCurrentIndex(0); // the Board
    if (const auto shown = window.setStore(**store, nullptr); !shown)
        return fail(QStringLiteral("setStore: ") + shown.error());
    const qint64 modelsMs = open.elapsed();
    window.resize(1400, 840);
    window.show();
    QCoreApplication::sendPostedEvents(); // show, layout and the docks' first sizes
    QCoreApplication::processEvents();
    window.repaint(); // the first frame, synchronously
    const qint64 openMs = open.elapsed();
    const double openCpu = cpuMs() - cpu0;
    const int cards = window.boardModel()->rowCount(window.boardModel()->columnIndex(PhaseState::Queued));
    say(QStringLiteral("open: %1 ms (CPU %2 ms): store %3 ms, models loaded %4 ms; %5 cards on the board, %6 tree rows "
                       "at the top level")
            .arg(openMs)
            .arg(openCpu, 0, 'f', 0)
            .arg(storeMs)
            .arg(modelsMs)
            .arg(cards)
            .arg(window.runTreeProxy()->rowCount()));
    if (cards != RunCount * TierCount * PhasesPerTier)
        return fail(QStringLiteral("the board shows %1 cards, expected %2").arg(cards).arg(RunCount * TierCount * PhasesPerTier));

    // --- scrolling, a page at a time --------------------------------------------------
    std::vector<double> treeCpu, boardCpu;
    const std::vector<double> tree = scrollPages(window.runTree(), treeCpu);
    QListView *column = window.board()->columnView(PhaseState::Queued);
    if (!column)
        return fail(QStringLiteral("the board has no QUEUED column view"));
    const std::vector<double> board = scrollPages(column, boardCpu);
    std::vector<double> all = tree;
    all.insert(all.end(), board.begin(), board.end());
    const auto line = [](const QString &what, const std::vector<double> &f) {
        say(QStringLiteral("%1: %2 frames, median %3 ms, p99 %4 ms, max %5 ms")
                .arg(what)
                .arg(f.size())
                .arg(percentile(f, 0.5), 0, 'f', 2)
                .arg(percentile(f, 0.99), 0, 'f', 2)
                .arg(f.empty() ? -1.0 : *std::max_element(f.begin(), f.end()), 0, 'f', 2));
    };
    line(QStringLiteral("scroll run tree, wall"), tree);
    line(QStringLiteral("scroll run tree, CPU"), treeCpu);
    line(QStringLiteral("scroll board (QUEUED column), wall"), board);
    line(QStringLiteral("scroll board (QUEUED column), CPU"), boardCpu);
    if (tree.size() < 10 || board.size() < 10)
        return fail(QStringLiteral("too few pages to scroll"));

    const QJsonObject figures { { "open_100k_ms", double(openMs) },
        { "scroll_frame_ms_p99", std::round(percentile(all, 0.99) * 100) / 100 } };
    say(QString::fromUtf8(QJsonDocument(figures).toJson(QJsonDocument::Compact)));
    return 0;
}
