// Entry point: parses the command line (SPEC §11), then runs one verb, the headless
// engine, or the control center's window. Exit codes: 0 success, 2 usage error, 1
// anything else, each failure with one line on stderr naming what was wrong.

#include "agentcommand.h"
#include "agentpresence.h"
#include "apiserver.h"
#include "commandline.h"
#include "demodata.h"
#include "enginehost.h"
#include "mainwindow.h"
#include "repositoryprobe.h"
#include "requestlogmodel.h"
#include "store.h"
#include "storecommands.h"
#include "supervisor.h"
#include "supervisorrevieweractions.h"
#include "supervisorreviewflowactions.h"
#include "supervisorruncreator.h"
#include "unixsignalwatcher.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QLockFile>
#include <QLoggingCategory>
#include <QTextStream>
#include <QTranslator>

#include <cstdio>
#include <memory>

namespace {

Q_LOGGING_CATEGORY(lcMain, "autopack.main")

using namespace Autopack;

void describeApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Autopack"));
    QCoreApplication::setApplicationName(QStringLiteral("autopack"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUTOPACK_VERSION));
}

void installTranslator(QCoreApplication &app)
{
    auto *translator = new QTranslator(&app);
    if (translator->load(QLocale(), QStringLiteral("autopack"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(translator);
}

// Opens the store named by --db (or the default file), creating its directory.
QString databasePath(const Cli::Options &options)
{
    return options.dbPath.isEmpty() ? Store::defaultPath() : options.dbPath;
}

std::unique_ptr<Store> openStore(const Cli::Options &options, QTextStream &err)
{
    const QString path = databasePath(options);
    QDir().mkpath(QFileInfo(path).absolutePath());
    auto store = Store::open(path);
    if (!store) {
        err << "autopack: " << store.error().message << Qt::endl;
        return nullptr;
    }
    return std::move(*store);
}

bool fillDemo(Store &store, QTextStream &err)
{
    const auto demo = Cli::fillDemoData(store);
    if (!demo) {
        err << "autopack: --demo: " << demo.error().message << Qt::endl;
        return false;
    }
    if (demo->skipped)
        qCInfo(lcMain) << "--demo: the database already holds projects; no sample data added";
    else
        qCInfo(lcMain).noquote() << QStringLiteral("--demo: added %1 projects, %2 runs, %3 phases, %4 events")
                                        .arg(demo->projects)
                                        .arg(demo->runs)
                                        .arg(demo->phases)
                                        .arg(demo->events);
    return true;
}

QString dataDirFor(const QString &storePath)
{
    // Artefacts sit beside the database they describe, so two --db files never mix runs.
    const QFileInfo db(storePath);
    return db.absoluteDir().filePath(db.completeBaseName() + QStringLiteral("-data"));
}

// --project PATH: registered on first use (base branch = the repository's HEAD branch).
std::optional<qint64> defaultProject(Store &store, const Cli::Options &options, QTextStream &err, bool &ok)
{
    ok = true;
    if (options.projectPath.isEmpty())
        return std::nullopt;
    const auto info = Git::probeRepository(options.projectPath);
    if (!info) {
        err << "autopack: --project: " << info.error().message << Qt::endl;
        ok = false;
        return std::nullopt;
    }
    if (const auto known = store.projectByPath(info->path))
        return known->id;
    Project project;
    project.repoPath = info->path;
    project.baseBranch = info->baseBranch;
    project.name = QFileInfo(info->path).fileName();
    const auto added = store.addProject(project);
    if (!added) {
        err << "autopack: --project: " << added.error().message << Qt::endl;
        ok = false;
        return std::nullopt;
    }
    qCInfo(lcMain).noquote()
        << QStringLiteral("registered project %1 (%2, base %3)").arg(added->name, added->repoPath, added->baseBranch);
    return added->id;
}

std::unique_ptr<Host::EngineHost> startEngine(
    Store &store, const Cli::Options &options, QTextStream &err, std::unique_ptr<QLockFile> engineLock)
{
    bool ok = true;
    const auto project = defaultProject(store, options, err, ok);
    if (!ok)
        return nullptr;
    auto host = std::make_unique<Host::EngineHost>(store);
    host->adoptLock(std::move(engineLock));
    Host::EngineHostOptions hostOptions;
    hostOptions.dataDir = dataDirFor(store.path());
    hostOptions.listen = options.listen;
    hostOptions.insecure = options.insecure;
    hostOptions.defaultProjectId = project;
    if (const auto started = host->start(hostOptions); !started) {
        err << "autopack: " << started.error() << Qt::endl;
        return nullptr;
    }
    return host;
}

// What both the window and --headless run on: the store (with --demo data when asked)
// and the engine host. Either both are there, or the error has been printed.
struct StartedEngine {
    std::unique_ptr<Store> store;
    std::unique_ptr<Host::EngineHost> host;
};

std::optional<StartedEngine> startStoreAndEngine(const Cli::Options &options, QTextStream &err)
{
    // The engine lock first: a second engine, refused, must not have migrated, filled or
    // added a project to the database the running one serves.
    QDir().mkpath(QFileInfo(databasePath(options)).absolutePath());
    auto lock = Host::EngineHost::lockDatabase(databasePath(options));
    if (!lock) {
        err << "autopack: " << lock.error() << Qt::endl;
        return std::nullopt;
    }
    StartedEngine engine;
    engine.store = openStore(options, err);
    if (!engine.store || (options.demo && !fillDemo(*engine.store, err)))
        return std::nullopt;
    engine.host = startEngine(*engine.store, options, err, std::move(*lock));
    if (!engine.host)
        return std::nullopt;
    return engine;
}

// Runs the event loop until quit or SIGTERM/SIGINT, then stops the engine cleanly.
int runUntilStopped(Host::EngineHost &host)
{
    Cli::UnixSignalWatcher signals;
    QObject::connect(&signals, &Cli::UnixSignalWatcher::stopRequested, qApp, [](int signal) {
        qCInfo(lcMain) << "stopping on signal" << signal;
        QCoreApplication::quit();
    });
    const int code = QCoreApplication::exec();
    host.stop();
    return code;
}

int runHeadless(const Cli::Options &options, QTextStream &err)
{
    auto engine = startStoreAndEngine(options, err);
    if (!engine)
        return 1;
    qCInfo(lcMain).noquote() << QStringLiteral("Autopack %1 running headless on %2, API on %3")
                                    .arg(QCoreApplication::applicationVersion(), engine->store->path(),
                                        engine->host->listenAddress());
    return runUntilStopped(*engine->host);
}

int runWindow(const Cli::Options &options, QTextStream &err)
{
    auto engine = startStoreAndEngine(options, err);
    if (!engine)
        return 1;
    Store &store = *engine->store;
    Host::EngineHost &host = *engine->host;

    Ui::SupervisorReviewerActions actions(*host.supervisor(), store, Engine::Supervisor::osUser());
    // Declared before the window, which holds them until it is destroyed.
    Ui::SupervisorRunCreator runCreator(*host.supervisor(), Engine::Supervisor::osUser());
    Ui::SupervisorReviewFlowActions reviewFlow(*host.supervisor(), Engine::Supervisor::osUser());
    // The API tab's rows: what the listener answered so far, then each request as it is
    // logged (queued from the listener's threads).
    Host::RequestLogModel requestLog;
    requestLog.setEntries(host.apiServer()->requestLog().entries());
    QObject::connect(host.apiServer(), &Api::ApiServer::requestLogged, &requestLog, &Host::RequestLogModel::append);
    Ui::MainWindow window;
    window.setRequestLog(&requestLog);
    window.setRunCreator(&runCreator);
    window.setReviewFlowActions(&reviewFlow);
    if (const auto shown = window.setStore(store, &actions); !shown) {
        err << "autopack: " << shown.error() << Qt::endl;
        return 1;
    }
    Host::AgentPresence agents;
    QObject::connect(host.apiServer(), &Api::ApiServer::requestLogged, &agents, &Host::AgentPresence::seen);
    // Issue 13: the Agents dock lists them; its local runners reach the listener below.
    window.setAgentPresence(&agents);
    QObject::connect(&agents, &Host::AgentPresence::countChanged, &window,
        [&window, address = host.listenAddress()](int count) { window.setListenerStatus(address, count); });
    window.setListenerStatus(host.listenAddress(), 0);
    window.setWindowTitle(QCoreApplication::translate("main", "Autopack Control Center — %1")
                              .arg(QDir::toNativeSeparators(store.path())));
    window.show();
    return runUntilStopped(host);
}

} // namespace

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    QTextStream out(stdout);
    QTextStream err(stderr);

    const auto parsed = Cli::parseCommandLine(arguments);
    if (!parsed) {
        err << "autopack: " << parsed.error().message << Qt::endl
            << QCoreApplication::translate("main", "Try 'autopack --help'.") << Qt::endl;
        return 2;
    }
    const Cli::Options &options = *parsed;
    // Debug output only when asked for with QT_LOGGING_RULES (which overrides this);
    // verbs print their own results, so they stay quiet about opening the store too.
    QLoggingCategory::setFilterRules(options.verb == Cli::Verb::Start
            ? QStringLiteral("autopack.*.debug=false")
            : QStringLiteral("autopack.*.debug=false\nautopack.*.info=false"));

    switch (options.verb) {
    case Cli::Verb::Help:
        out << Cli::helpText();
        return 0;
    case Cli::Verb::Version:
        out << "autopack " << AUTOPACK_VERSION << Qt::endl;
        return 0;
    case Cli::Verb::Start:
        if (!options.headless) {
            describeApplication();
            QApplication app(argc, argv);
            installTranslator(app);
            return runWindow(options, err);
        }
        break;
    default: // token and project verbs, and the headless engine, need no display
        break;
    }

    describeApplication();
    QCoreApplication app(argc, argv);
    installTranslator(app);
    if (options.verb == Cli::Verb::Start)
        return runHeadless(options, err);
    if (options.verb == Cli::Verb::Agent)
        return Cli::AgentCommand::run(options.agent, err);
    auto store = openStore(options, err);
    if (!store)
        return 1;
    return Cli::runStoreCommand(*store, options, out, err);
}
