#pragma once

// What the Supervisor's tests and the Agent API's end-to-end test both start runs
// from: the project repository, plan JSON and builder patches. One copy, so that the
// two tests keep driving the engine with the same inputs. Header-only.

#include "git/gittestrepo.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Autopack::TestSupport {

using Git::TestSupport::git;
using Git::TestSupport::runGit;

// A project repository at `repo`: main with one commit holding README.md, and the
// user on another branch "work", so main is free to be promoted into. Returns main's tip.
inline QByteArray makeProjectRepository(const QString &repo)
{
    QDir().mkpath(repo);
    git(repo, { QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main") });
    Git::TestSupport::writeFile(repo + QStringLiteral("/README.md"), "hello\n");
    git(repo, { QStringLiteral("add"), QStringLiteral("README.md") });
    git(repo, { QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("initial") });
    const QByteArray mainTip = git(repo, { QStringLiteral("rev-parse"), QStringLiteral("main") });
    git(repo, { QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("work") });
    return mainTip;
}

// A patch that adds `path` with one line.
inline QString newFilePatch(const QString &path, const QString &line)
{
    return QStringLiteral("diff --git a/%1 b/%1\nnew file mode 100644\n--- /dev/null\n+++ b/%1\n@@ -0,0 +1 @@\n+%2\n")
        .arg(path, line);
}

inline QJsonObject phaseJson(const QString &id, int index, const QString &tier, const QString &category)
{
    return QJsonObject { { "phase_id", id }, { "phase_index", index }, { "tier_id", tier },
                         { "name", QString("Phase " + id) }, { "description", QString("do " + id) },
                         { "task_category", category }, { "complexity", "low" }, { "builder_mode", "" } };
}

// A plan of `phases`, with one tier per distinct tier_id in order of first use;
// `runExtra` adds to or overrides the run object.
inline QJsonObject plan(const QString &runId, const QList<QJsonObject> &phases, const QJsonObject &runExtra = {})
{
    QJsonObject run { { "run_id", runId } };
    for (auto it = runExtra.begin(); it != runExtra.end(); ++it)
        run.insert(it.key(), it.value());
    QJsonArray tiers;
    QStringList seen;
    QJsonArray phaseArray;
    for (const QJsonObject &p : phases) {
        const QString t = p.value("tier_id").toString();
        if (!seen.contains(t)) {
            tiers.append(QJsonObject { { "tier_id", t }, { "tier_index", seen.size() }, { "name", QString("Tier " + t) },
                                       { "description", "" } });
            seen << t;
        }
        phaseArray.append(p);
    }
    return QJsonObject { { "run", run }, { "tiers", tiers }, { "phases", phaseArray } };
}

inline const QString kGreenCi = QStringLiteral(R"({"normal": [{"shell": "true"}], "attempts": 1, "backoff_seconds": 0})");

} // namespace Autopack::TestSupport
