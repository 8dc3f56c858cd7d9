// ReviewSource: the choices a phase and a run offer, and their diffs computed from a
// real repository driven by a real Supervisor (attempt comparison included).

#include "reviewfixture.h"
#include "reviewsource.h"

#include <QTest>

using namespace Autopack;
using namespace Autopack::Ui;
using namespace Autopack::ReviewTest;

class TestReviewSource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void phaseChoicesAndTheirDiffs()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        auto project = f.store->project(f.projectId);
        QVERIFY(project);
        const QString first = phase(f, "p1").candidateCommit;
        auto sources = ReviewSource::forPhase(*project, run(f), phase(f, "p1"));
        QCOMPARE(sources.size(), 3); // together, latest alone, attempt 1
        QCOMPARE(sources.at(0).kind, ReviewSource::Kind::PhaseCandidate);
        QCOMPARE(sources.at(0).candidateCommit, first);
        QCOMPARE(sources.at(2).newRevision, QStringLiteral("refs/autopack/candidates/run-1/p1/1"));
        for (const ReviewSource &s : sources) {
            auto diff = s.compute();
            QVERIFY2(diff, qPrintable(s.label + ": " + (diff ? QString() : diff.error().message)));
            QCOMPARE(diff->files.size(), 1);
            QCOMPARE(diff->files.first().path(), QStringLiteral("p1.txt"));
            QCOMPARE(diff->files.first().status, Git::DiffFile::Status::Added);
        }
        // No candidate, no choice.
        QVERIFY(ReviewSource::forPhase(*project, run(f), phase(f, "p2")).isEmpty());
        // The run's branch has nothing yet: p1 is not approved.
        auto branch = ReviewSource::forRun(*project, run(f)).compute();
        QVERIFY2(branch, qPrintable(branch ? QString() : branch.error().message));
        QVERIFY(branch->files.isEmpty());
    }

    void eachCommitOfTheCandidate()
    {
        // A candidate of two commits (the builder's, then an auditor patch stacked on
        // it), made with the git CLI on a branch off main.
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        const QString base = QString::fromLatin1(git(f.repo, { "rev-parse", "main" }));
        const QString builderCommit = commitOnMain(f, "p1.txt", "builder\n");
        const QString auditorCommit = commitOnMain(f, "NOTE.txt", "auditor\n");
        QVERIFY(!builderCommit.isEmpty() && !auditorCommit.isEmpty());
        ReviewSource together;
        together.kind = ReviewSource::Kind::PhaseCandidate;
        together.repositoryPath = f.repo;
        together.runId = "run-1";
        together.phaseId = "p1";
        together.oldRevision = base;
        together.newRevision = "main"; // a name: the walk still ends at the base commit
        together.candidateCommit = auditorCommit;
        auto all = together.compute();
        QVERIFY(all);
        QCOMPARE(all->files.size(), 2);
        auto commits = together.commits();
        QVERIFY2(commits, qPrintable(commits ? QString() : commits.error().message));
        QCOMPARE(commits->size(), 2);
        QCOMPARE(commits->at(0).newRevision, auditorCommit);
        QCOMPARE(commits->at(0).kind, ReviewSource::Kind::Commit);
        QCOMPARE(commits->at(0).candidateCommit, auditorCommit); // approval stays bound to the candidate
        QCOMPARE(commits->at(1).newRevision, builderCommit);
        auto auditorOnly = commits->at(0).compute();
        QVERIFY(auditorOnly);
        QCOMPARE(auditorOnly->files.size(), 1);
        QCOMPARE(auditorOnly->files.first().path(), QStringLiteral("NOTE.txt"));
        auto builderOnly = commits->at(1).compute();
        QVERIFY(builderOnly);
        QCOMPARE(builderOnly->files.size(), 1);
        QCOMPARE(builderOnly->files.first().path(), QStringLiteral("p1.txt"));
        QCOMPARE(together.commits({}, 1)->size(), 1); // the limit holds
        // Other kinds have no commit list; a base that is no revision is an error.
        QVERIFY(commits->at(0).commits()->isEmpty());
        ReviewSource bad = together;
        bad.oldRevision = "no-such-branch";
        QVERIFY(!bad.commits());
    }

    void attemptComparison()
    {
        SupervisedFixture f;
        QVERIFY2(f.error.isEmpty(), qPrintable(f.error));
        QVERIFY(f.supervisor->reject("run-1", "p1", "add a second line", {}, "alice"));
        QString error;
        QVERIFY2(submit(f, "p1", newFilePatch("p1.txt", { "p1", "second" }), &error), qPrintable(error));
        QCOMPARE(phase(f, "p1").builderAttempts, 2);
        auto project = f.store->project(f.projectId);
        const auto sources = ReviewSource::forPhase(*project, run(f), phase(f, "p1"));
        const auto compare = std::find_if(sources.begin(), sources.end(),
            [](const ReviewSource &s) { return s.kind == ReviewSource::Kind::AttemptComparison; });
        QVERIFY(compare != sources.end());
        QCOMPARE(compare->olderAttempt, 1);
        QCOMPARE(compare->attempt, 2);
        auto diff = compare->compute();
        QVERIFY2(diff, qPrintable(diff ? QString() : diff.error().message));
        QCOMPARE(diff->files.size(), 1);
        const Git::DiffFile &file = diff->files.first();
        QCOMPARE(file.status, Git::DiffFile::Status::Modified);
        QCOMPARE(file.additions, 1);
        QCOMPARE(file.deletions, 0);
        QCOMPARE(file.newLineFor(1), 1);
        QCOMPARE(file.hunks.first().lines.last().text, QStringLiteral("second"));

        // A stop request ends the computation as cancelled, without a result.
        std::stop_source stop;
        stop.request_stop();
        auto cancelled = sources.first().compute(stop.get_token());
        QVERIFY(!cancelled);
        QVERIFY2(cancelled.error().message.contains("cancel"), qPrintable(cancelled.error().message));

        // An attempt whose ref does not exist is an error naming it.
        ReviewSource missing = *compare;
        missing.oldRevision = ReviewSource::candidateRef("run-1", "p1", 7);
        auto bad = missing.compute();
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.contains("p1/7"), qPrintable(bad.error().message));
    }
};

QTEST_GUILESS_MAIN(TestReviewSource)
#include "tst_reviewsource.moc"
