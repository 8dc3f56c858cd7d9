#include "reviewsource.h"

#include "reviewdiff.h"

#include <QCoreApplication>

namespace Autopack::Ui {

namespace {
QString tr(const char *text) { return QCoreApplication::translate("Autopack::Ui::ReviewSource", text); }
} // namespace

QString ReviewSource::candidateRef(const QString &runId, const QString &phaseId, int attempt)
{
    return QStringLiteral("refs/autopack/candidates/%1/%2/%3").arg(runId, phaseId).arg(attempt);
}

QList<ReviewSource> ReviewSource::forPhase(const Project &project, const Run &run, const Phase &phase)
{
    QList<ReviewSource> out;
    if (phase.candidateCommit.isEmpty())
        return out;
    ReviewSource base;
    base.repositoryPath = project.repoPath;
    base.runId = run.runId;
    base.phaseId = phase.phaseId;
    base.candidateCommit = phase.candidateCommit;

    ReviewSource together = base;
    together.kind = Kind::PhaseCandidate;
    together.label
        = tr("Phase %1: candidate %2, all commits together").arg(phase.phaseId, phase.candidateCommit.left(10));
    together.oldRevision = phase.baseCommit.isEmpty() ? phase.candidateCommit + QStringLiteral("~1") : phase.baseCommit;
    together.newRevision = phase.candidateCommit;
    out.append(together);

    ReviewSource latest = base;
    latest.kind = Kind::PhaseLatestCommit;
    latest.label = tr("Phase %1: latest commit %2 alone").arg(phase.phaseId, phase.candidateCommit.left(10));
    latest.newRevision = phase.candidateCommit;
    out.append(latest);

    for (int n = phase.builderAttempts; n >= 1; --n) {
        ReviewSource attempt = base;
        attempt.kind = Kind::Attempt;
        attempt.attempt = n;
        attempt.label = tr("Phase %1: attempt %2").arg(phase.phaseId).arg(n);
        attempt.oldRevision = run.integrationBranch;
        attempt.newRevision = candidateRef(run.runId, phase.phaseId, n);
        out.append(attempt);
        if (n >= 2) {
            ReviewSource compare = base;
            compare.kind = Kind::AttemptComparison;
            compare.attempt = n;
            compare.olderAttempt = n - 1;
            compare.label = tr("Phase %1: attempt %2 compared with attempt %3").arg(phase.phaseId).arg(n).arg(n - 1);
            compare.oldRevision = candidateRef(run.runId, phase.phaseId, n - 1);
            compare.newRevision = candidateRef(run.runId, phase.phaseId, n);
            out.append(compare);
        }
    }
    return out;
}

ReviewSource ReviewSource::forRun(const Project &project, const Run &run)
{
    ReviewSource s;
    s.kind = Kind::RunBranch;
    s.repositoryPath = project.repoPath;
    s.runId = run.runId;
    s.oldRevision = project.baseBranch;
    s.newRevision = run.integrationBranch;
    s.label = tr("Run %1: %2 against its merge base with %3").arg(run.runId, run.integrationBranch, project.baseBranch);
    return s;
}

Git::GitResult<QList<ReviewSource>> ReviewSource::commits(std::stop_token stop, int limit) const
{
    QList<ReviewSource> out;
    if (kind != Kind::PhaseCandidate)
        return out;
    Git::DiffOptions options;
    options.stopToken = stop;
    options.wordDiff = false;
    options.detectRenames = false;
    const Git::ReviewDiff diff(repositoryPath, options);
    // The base as a commit id, so the walk stops there whatever name it was given by.
    auto base = diff.between(oldRevision, oldRevision);
    if (!base)
        return std::unexpected(base.error());
    QString revision = newRevision;
    while (out.size() < limit && !revision.isEmpty() && revision != base->newRevision) {
        auto one = diff.commit(revision);
        if (!one)
            return std::unexpected(one.error());
        ReviewSource s = *this;
        s.kind = Kind::Commit;
        s.oldRevision = one->oldRevision;
        s.newRevision = one->newRevision;
        const auto stats = one->stats();
        s.label = tr("Phase %1: commit %2 alone (+%3 -%4)")
                      .arg(phaseId, one->newRevision.left(10))
                      .arg(stats.additions)
                      .arg(stats.deletions);
        out.append(s);
        revision = one->oldRevision;
    }
    return out;
}

Git::GitResult<Git::DiffSet> ReviewSource::compute(std::stop_token stop) const
{
    Git::DiffOptions options;
    options.stopToken = stop;
    const Git::ReviewDiff diff(repositoryPath, options);
    switch (kind) {
    case Kind::PhaseLatestCommit:
    case Kind::Commit:
        return diff.commit(newRevision);
    case Kind::Attempt:
    case Kind::RunBranch:
        return diff.branch(newRevision, oldRevision);
    case Kind::PhaseCandidate:
    case Kind::AttemptComparison:
        break;
    }
    return diff.between(oldRevision, newRevision);
}

} // namespace Autopack::Ui
