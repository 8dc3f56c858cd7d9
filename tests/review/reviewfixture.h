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
    QString patch = QStringLiteral("diff --git a/%1 b/%1\nnew file mode 100644\n--- /dev/null\n+++ b/%1\n@@ -0,0 +1")
                        .arg(path);
    if (lines.size() != 1)
        patch += QStringLiteral(",%1").arg(lines.size());
    patch += QStringLiteral(" @@\n");
    for (const QString &l : lines)
        patch += u'+' + l + u'\n';
    return patch;
}

// The builder claims `phase` again and submits `patch`; returns the claimed work item.
inline std::optional<Engine::WorkItem> submit(SupervisedFixture &f, const QString &phase, const QString &patch,
                                              QString *error)
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

} // namespace Autopack::ReviewTest
