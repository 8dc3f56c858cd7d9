#pragma once

// A real Supervisor over a real Store and a real git repository (made with the git
// CLI) in a QTemporaryDir, with a gated phase waiting for a reviewer: what the window
// drives in the app.

#include "clock.h"
#include "store.h"
#include "supervisor.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>

#include <memory>

namespace Autopack::UiTest {

inline QByteArray git(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_AUTHOR_NAME"), QStringLiteral("Test"));
    env.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), QStringLiteral("test@example.invalid"));
    env.insert(QStringLiteral("GIT_COMMITTER_NAME"), QStringLiteral("Test"));
    env.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), QStringLiteral("test@example.invalid"));
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    env.insert(QStringLiteral("HOME"), dir);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("git"), args);
    p.waitForFinished(60000);
    return p.readAllStandardOutput().trimmed();
}

struct SupervisedFixture {
    QTemporaryDir dir;
    QString repo;
    std::unique_ptr<Store> store;
    Engine::FakeClock clock;
    std::unique_ptr<Engine::Supervisor> supervisor;
    qint64 projectId = 0;
    QString error; // empty when everything is set up

    // Run "run-1": phases p1 (schema_change: a human gate) and p2, p1 built and at its gate.
    SupervisedFixture()
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.filePath(QStringLiteral("settings")));
        repo = dir.filePath(QStringLiteral("repo"));
        QDir().mkpath(repo);
        git(repo, { "init", "-q", "-b", "main" });
        QFile readme(repo + QStringLiteral("/README.md"));
        if (!readme.open(QIODevice::WriteOnly)) {
            error = QStringLiteral("cannot write README.md");
            return;
        }
        readme.write("hello\n");
        readme.close();
        git(repo, { "add", "README.md" });
        git(repo, { "commit", "-q", "-m", "initial" });
        git(repo, { "checkout", "-q", "-b", "work" });
        auto opened = Store::open(dir.filePath(QStringLiteral("autopack.db")));
        if (!opened) {
            error = opened.error().message;
            return;
        }
        store = std::move(*opened);
        Project project;
        project.name = QStringLiteral("demo");
        project.repoPath = repo;
        project.baseBranch = QStringLiteral("main");
        project.ciCommandsJson
            = QStringLiteral(R"({"normal": [{"shell": "true"}], "attempts": 1, "backoff_seconds": 0})");
        auto added = store->addProject(project);
        if (!added) {
            error = added.error().message;
            return;
        }
        projectId = added->id;
        Engine::SupervisorOptions options;
        options.dataDir = dir.filePath(QStringLiteral("data"));
        options.timerIntervalMs = 3'600'000;
        supervisor = std::make_unique<Engine::Supervisor>(*store, clock, options);
        if (auto resumed = supervisor->resume(); !resumed) {
            error = resumed.error().message;
            return;
        }
        const auto phase = [](const char *id, int index, const char *category) {
            return QJsonObject { { "phase_id", id }, { "phase_index", index }, { "tier_id", "t1" },
                { "name", QStringLiteral("Phase %1").arg(QLatin1String(id)) }, { "description", "" },
                { "task_category", category }, { "complexity", "high" }, { "builder_mode", "" } };
        };
        const QJsonObject plan { { "run", QJsonObject { { "run_id", "run-1" } } },
            { "tiers",
                QJsonArray { QJsonObject {
                    { "tier_id", "t1" }, { "tier_index", 0 }, { "name", "Tier 1" }, { "description", "" } } } },
            { "phases", QJsonArray { phase("p1", 0, "schema_change"), phase("p2", 1, "docs") } } };
        if (auto created = supervisor->createRun(plan); !created) {
            error = created.error().message;
            return;
        }
        auto work = supervisor->claimWork(QStringLiteral("builder"), QStringLiteral("agent-1"));
        if (!work || !work->has_value()) {
            error = work ? QStringLiteral("no work to claim") : work.error().message;
            return;
        }
        const QJsonObject payload { { "patch_content",
                                        QStringLiteral(
                                            "diff --git a/p1.txt b/p1.txt\nnew file mode 100644\n--- /dev/null\n"
                                            "+++ b/p1.txt\n@@ -0,0 +1 @@\n+p1\n") },
            { "tokens_used", 1000 }, { "status", "success" }, { "suggested_issues", QJsonArray() }, { "notes", "" } };
        auto built = supervisor->builderResult(
            QStringLiteral("run-1"), QStringLiteral("p1"), payload, QStringLiteral("agent-1"));
        if (!built) {
            error = built.error().message;
            return;
        }
        const auto p1 = store->phase(QStringLiteral("run-1"), QStringLiteral("p1"));
        if (!p1 || p1->state != PhaseState::Gate || !p1->awaitingReviewer)
            error = QStringLiteral("p1 is not waiting at its gate");
    }
};

} // namespace Autopack::UiTest
