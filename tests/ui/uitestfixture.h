#pragma once

// A real Store in a QTemporaryDir with runs driven through its transitions, for the
// window's tests. Every helper returns an empty string on success, else what failed,
// so tests can QCOMPARE(..., QString()) and see the store's own message.

#include "store.h"

#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <memory>

namespace Autopack::UiTest {

struct Fixture {
    QTemporaryDir dir;
    std::unique_ptr<Store> store;
    qint64 projectId = 0;
    QString error;

    Fixture()
    {
        // QSettings of the window go to the scratch directory, never the user's.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.filePath(QStringLiteral("settings")));
        auto opened = Store::open(dir.filePath(QStringLiteral("autopack.db")));
        if (!opened) {
            error = opened.error().message;
            return;
        }
        store = std::move(*opened);
        Project project;
        project.name = QStringLiteral("webshop");
        project.repoPath = dir.filePath(QStringLiteral("repo"));
        project.baseBranch = QStringLiteral("main");
        auto added = store->addProject(project);
        if (!added) {
            error = added.error().message;
            return;
        }
        projectId = added->id;
    }

    // A run with `tiers` tiers of `phasesPerTier` phases each: tier ids T1.., phase ids
    // P<t>.<p>, categories alternating "docs" and "schema_change".
    QString createRun(const QString &runId, int tiers = 2, int phasesPerTier = 2, int maxBuilderAttempts = 3)
    {
        Run run;
        run.runId = runId;
        run.projectId = projectId;
        run.state = RunState::RunCreated;
        QList<Tier> tierList;
        QList<Phase> phaseList;
        for (int t = 1; t <= tiers; ++t) {
            Tier tier;
            tier.tierId = QStringLiteral("T%1").arg(t);
            tier.tierIndex = t;
            tier.name = QStringLiteral("Tier %1").arg(t);
            tierList << tier;
            for (int p = 1; p <= phasesPerTier; ++p) {
                Phase phase;
                phase.tierId = tier.tierId;
                phase.phaseId = QStringLiteral("P%1.%2").arg(t).arg(p);
                phase.phaseIndex = p;
                phase.name = QStringLiteral("Phase %1 of tier %2").arg(p).arg(t);
                phase.taskCategory = p % 2 ? QStringLiteral("docs") : QStringLiteral("schema_change");
                phase.complexity = QStringLiteral("low");
                phase.maxBuilderAttempts = maxBuilderAttempts;
                phase.maxAuditorAttempts = 1;
                phase.incidentTokenCap = 100'000;
                phaseList << phase;
            }
        }
        auto created = store->createRun(run, tierList, phaseList);
        return created ? QString() : created.error().message;
    }

    // Drives the run's phase P1.1 to its gate: run → PHASE_QUEUEING → PHASE_EXECUTION
    // → GATE, phase QUEUED → EXECUTING → GATE with a candidate (waiting for a reviewer
    // when `awaitingReviewer`).
    QString toGate(const QString &runId, bool awaitingReviewer = true, const QString &phaseId = QStringLiteral("P1.1"))
    {
        TransitionContext more;
        more.morePhases = true;
        if (auto r = store->transitionRun(runId, RunState::PhaseQueueing, Actor::Supervisor, QStringLiteral("queued"));
            !r)
            return r.error().message;
        if (auto r
            = store->transitionRun(runId, RunState::PhaseExecution, Actor::Supervisor, QStringLiteral("start"), more);
            !r)
            return r.error().message;
        PhaseUpdate attempt;
        attempt.builderAttempts = 1;
        if (auto r = store->transitionPhase(runId, phaseId, PhaseState::Executing, Actor::Builder,
                QStringLiteral("claimed"), {}, QStringLiteral("builder-1"), attempt);
            !r)
            return r.error().message;
        TransitionContext applied;
        applied.candidateApplied = true;
        PhaseUpdate candidate;
        candidate.candidateCommit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
        candidate.awaitingReviewer = awaitingReviewer;
        if (auto r = store->transitionPhase(runId, phaseId, PhaseState::Gate, Actor::Supervisor,
                QStringLiteral("candidate"), applied, {}, candidate);
            !r)
            return r.error().message;
        if (auto r = store->transitionRun(runId, RunState::Gate, Actor::Supervisor, QStringLiteral("gate")); !r)
            return r.error().message;
        return {};
    }
};

} // namespace Autopack::UiTest
