#pragma once

// The review tests' fixture: the UI tests' real Supervisor, Store and git repository
// (run-1: p1 schema_change waiting at its human gate, p2 docs), plus the steps the
// review flow needs: a rejection answered by a new attempt, and a run finished.

#include "../ui/supervisedfixture.h"

#include <QSignalSpy>
#include <QTest>

namespace Autopack::ReviewTest {

using UiTest::git;
using UiTest::SupervisedFixture;

inline QString newFilePatch(const QString &path, const QStringList &lines)
{
    QString patch
        = QStringLiteral("diff --git a/%1 b/%1\nnew file mode 100644\n--- /dev/null\n+++ b/%1\n@@ -0,0 +1").arg(path);
    if (lines.size() != 1)
        patch += QStringLiteral(",%1").arg(lines.size());
    patch += QStringLiteral(" @@\n");
    for (const QString &l : lines)
        patch += u'+' + l + u'\n';
    return patch;
}

// The builder claims `phase` again and submits `patch`; returns the claimed work item.
inline std::optional<Engine::WorkItem> submit(
    SupervisedFixture &f, const QString &phase, const QString &patch, QString *error)
{
    auto work = f.supervisor->claimWork(QStringLiteral("builder"), QStringLiteral("agent-1"));
    if (!work || !work->has_value()) {
        *error = work ? QStringLiteral("no builder work to claim") : work.error().message;
        return std::nullopt;
    }
    const QJsonObject payload { { "patch_content", patch }, { "tokens_used", 1000 }, { "status", "success" },
        { "suggested_issues", QJsonArray() }, { "notes", "" } };
    auto built = f.supervisor->builderResult(QStringLiteral("run-1"), phase, payload, QStringLiteral("agent-1"));
    if (!built) {
        *error = built.error().message;
        return std::nullopt;
    }
    return **work;
}

inline Phase phase(SupervisedFixture &f, const QString &id)
{
    auto p = f.store->phase(QStringLiteral("run-1"), id);
    return p ? *p : Phase {};
}

inline Run run(SupervisedFixture &f)
{
    auto r = f.store->run(QStringLiteral("run-1"));
    return r ? *r : Run {};
}

// Approves p1, builds p2, and waits until CI has passed both: run-1 ends DONE_SUCCESS
// with p1.txt and p2.txt on its integration branch. Empty on success, else what failed.
inline QString finishRun(SupervisedFixture &f)
{
    QSignalSpy ci(f.supervisor.get(), &Engine::Supervisor::ciFinished);
    auto approved = f.supervisor->approve(
        QStringLiteral("run-1"), QStringLiteral("p1"), phase(f, "p1").candidateCommit, QStringLiteral("alice"));
    if (!approved)
        return approved.error().message;
    if (!QTest::qWaitFor([&] { return phase(f, "p1").state == PhaseState::Complete; }, 30000))
        return QStringLiteral("p1 is %1, not COMPLETE").arg(toString(phase(f, "p1").state));
    QString error;
    if (!submit(f, QStringLiteral("p2"), newFilePatch(QStringLiteral("p2.txt"), { QStringLiteral("p2") }), &error))
        return error;
    if (!QTest::qWaitFor([&] { return run(f).state == RunState::DoneSuccess; }, 30000))
        return QStringLiteral("run-1 is %1 (p2 %2), not DONE_SUCCESS")
            .arg(toString(run(f).state), toString(phase(f, "p2").state));
    return {};
}

// Commits `path` with `content` on the base branch "main" (the working tree is on
// "work" again afterwards, so main is not checked out when promoted).
inline QString commitOnMain(SupervisedFixture &f, const QString &path, const QByteArray &content)
{
    git(f.repo, { "checkout", "-q", "main" });
    QFile file(f.repo + u'/' + path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    file.close();
    git(f.repo, { "add", path });
    git(f.repo, { "commit", "-q", "-m", "base moves: " + path });
    const QString tip = QString::fromLatin1(git(f.repo, { "rev-parse", "main" }));
    git(f.repo, { "checkout", "-q", "work" });
    return tip;
}

} // namespace Autopack::ReviewTest
