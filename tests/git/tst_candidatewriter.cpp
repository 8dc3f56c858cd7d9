// CandidateWriter: builder candidates on the integration tip, auditor patches stacked,
// three-way merge when the tip moved on, conflicts and refusals without refs, and two
// submissions racing for the same branch from two threads.

#include "candidatewriter.h"
#include "gittestrepo.h"
#include "integrationbranch.h"
#include "repository.h"

#include <latch>
#include <thread>

using namespace Autopack::Git;
using namespace Autopack::Git::TestSupport;

namespace {

// One-line change with a line of context on each side, as git diff writes it.
QByteArray changeLine(const QString &path, const QByteArray &above, const QByteArray &before, const QByteArray &after,
    const QByteArray &below, int line)
{
    const QByteArray p = path.toUtf8();
    return "diff --git a/" + p + " b/" + p + "\n--- a/" + p + "\n+++ b/" + p + "\n@@ -" + QByteArray::number(line - 1)
        + ",3 +" + QByteArray::number(line - 1) + ",3 @@\n " + above + "\n-" + before + "\n+" + after + "\n " + below
        + "\n";
}

const QByteArray kUtilPatch
    = changeLine(QStringLiteral("src/lib/util.c"), "{", "    return 1;", "    return 2;", "}", 3);
const QByteArray kGuidePatch = changeLine(QStringLiteral("docs/guide.txt"), "", "Step one.", "Step 1.", "Step two.", 4);
const QByteArray kGuideOtherPatch
    = changeLine(QStringLiteral("docs/guide.txt"), "", "Step one.", "First step.", "Step two.", 4);

} // namespace

class TestCandidateWriter : public ScratchRepositoryTest {
    Q_OBJECT

private:
    const QString m_run = QStringLiteral("run-1");

    QByteArray show(const QString &rev) { return git(m_path, { QStringLiteral("show"), rev }); }
    bool refExists(const QString &ref)
    {
        return runGit(m_path, { QStringLiteral("rev-parse"), QStringLiteral("--verify"), QStringLiteral("-q"), ref })
                   .exitCode
            == 0;
    }

    CandidateRequest request(
        const QString &phase, int attempt, const QByteArray &patch, PatchRole role = PatchRole::Builder)
    {
        CandidateRequest r;
        r.runId = m_run;
        r.phaseId = phase;
        r.attempt = attempt;
        r.role = role;
        r.patch = patch;
        return r;
    }

private Q_SLOTS:
    void init()
    {
        makeScratch();
        auto repo = Repository::open(m_path);
        QVERIFY(repo);
        QVERIFY(IntegrationBranch(*repo, m_run).create(QStringLiteral("main")));
        rememberUserState();
    }

    void cleanup()
    {
        verifyUntouchedAndRemove();
    }

    void builderCandidateOnTipWithTrailers()
    {
        auto repo = Repository::open(m_path);
        auto c = CandidateWriter(*repo, {}).write(request(QStringLiteral("p1"), 1, kUtilPatch));
        QVERIFY2(c, qPrintable(c ? QString() : c.error().toString()));
        QCOMPARE(c->ref, QStringLiteral("refs/autopack/candidates/run-1/p1/1"));
        QVERIFY(!c->merged);
        QCOMPARE(oidToString(c->parent).toLatin1(), m_base);
        QCOMPARE(git(m_path, { QStringLiteral("rev-parse"), c->ref }), oidToString(c->commit).toLatin1());
        QCOMPARE(git(m_path, { QStringLiteral("rev-parse"), c->ref + QStringLiteral("^{tree}") }),
            cliAppliedTree(m_path, m_base, kUtilPatch));
        const QByteArray trailers = git(m_path,
            { QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%(trailers:only,unfold)"),
                c->ref });
        QVERIFY(trailers.contains("Autopack-Run: run-1"));
        QVERIFY(trailers.contains("Autopack-Phase: p1"));
        QVERIFY(trailers.contains("Autopack-Role: builder"));
        QCOMPARE(c->paths, QStringList { QStringLiteral("src/lib/util.c") });
        // The integration branch itself does not move until the gate and CI passed.
        QCOMPARE(git(m_path, { QStringLiteral("rev-parse"), QStringLiteral("autonomous/run-1") }), m_base);
    }

    void sameAttemptTwiceRefused()
    {
        auto repo = Repository::open(m_path);
        CandidateWriter writer(*repo, {});
        auto first = writer.write(request(QStringLiteral("p1"), 1, kUtilPatch));
        QVERIFY(first);
        auto second = writer.write(request(QStringLiteral("p1"), 1, kGuidePatch));
        QVERIFY(!second);
        QCOMPARE(second.error().kind, GitError::Kind::Refused);
        QVERIFY(second.error().message.contains(QStringLiteral("already submitted")));
        QCOMPARE(git(m_path, { QStringLiteral("rev-parse"), first->ref }), oidToString(first->commit).toLatin1());
        // The next attempt is its own ref; both stay reviewable.
        auto next = writer.write(request(QStringLiteral("p1"), 2, kGuidePatch));
        QVERIFY(next);
        QVERIFY(refExists(first->ref) && refExists(next->ref));
    }

    void movedTipIsMergedThreeWay()
    {
        auto repo = Repository::open(m_path);
        CandidateWriter writer(*repo, {});
        IntegrationBranch branch(*repo, m_run);
        auto first = writer.write(request(QStringLiteral("p1"), 1, kUtilPatch));
        QVERIFY(first);
        QVERIFY(branch.advance(first->parent, first->commit));
        // The second patch was made against the old tip (the base) and touches another file.
        CandidateRequest r = request(QStringLiteral("p2"), 1, kGuidePatch);
        r.baseCommit = *oidFromString(QString::fromLatin1(m_base));
        auto second = writer.write(r);
        QVERIFY2(second, qPrintable(second ? QString() : second.error().toString()));
        QVERIFY(second->merged);
        QCOMPARE(oidToString(second->parent), oidToString(first->commit));
        QCOMPARE(git(m_path, { QStringLiteral("show"), second->ref + QStringLiteral(":src/lib/util.c") }),
            QByteArray("int util(void)\n{\n    return 2;\n}"));
        QVERIFY(git(m_path, { QStringLiteral("show"), second->ref + QStringLiteral(":docs/guide.txt") })
                    .contains("Step 1."));
    }

    void conflictWithMovedTipRefusedWithPaths()
    {
        auto repo = Repository::open(m_path);
        CandidateWriter writer(*repo, {});
        auto first = writer.write(request(QStringLiteral("p1"), 1, kGuidePatch));
        QVERIFY(first);
        QVERIFY(IntegrationBranch(*repo, m_run).advance(first->parent, first->commit));
        CandidateRequest r = request(QStringLiteral("p2"), 1, kGuideOtherPatch);
        r.baseCommit = *oidFromString(QString::fromLatin1(m_base));
        auto second = writer.write(r);
        QVERIFY(!second);
        QCOMPARE(second.error().kind, GitError::Kind::Conflict);
        QCOMPARE(second.error().paths, QStringList { QStringLiteral("docs/guide.txt") });
        QVERIFY(second.error().toString().contains(QStringLiteral("docs/guide.txt")));
        QVERIFY(!refExists(CandidateWriter::candidateRef(m_run, QStringLiteral("p2"), 1)));
    }

    void auditorPatchStacksOnBuilderCandidate()
    {
        auto repo = Repository::open(m_path);
        CandidateWriter writer(*repo, {});
        auto builder = writer.write(request(QStringLiteral("p1"), 1, kUtilPatch));
        QVERIFY(builder);
        auto auditor = writer.write(request(QStringLiteral("p1"), 1, kGuidePatch, PatchRole::Auditor));
        QVERIFY2(auditor, qPrintable(auditor ? QString() : auditor.error().toString()));
        QCOMPARE(oidToString(auditor->parent), oidToString(builder->commit));
        QCOMPARE(auditor->ref, builder->ref);
        QCOMPARE(git(m_path, { QStringLiteral("rev-parse"), builder->ref + QStringLiteral("^") }),
            oidToString(builder->commit).toLatin1());
        QVERIFY(
            git(m_path, { QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%B"), builder->ref })
                .contains("Autopack-Role: auditor"));
    }

    void auditorWithoutBuilderCandidateRefused()
    {
        auto repo = Repository::open(m_path);
        auto c = CandidateWriter(*repo, {}).write(request(QStringLiteral("p9"), 1, kUtilPatch, PatchRole::Auditor));
        QVERIFY(!c);
        QCOMPARE(c.error().kind, GitError::Kind::NotFound);
        QVERIFY(c.error().message.contains(QStringLiteral("refs/autopack/candidates/run-1/p9/1")));
    }

    void refusedPatchCreatesNoRef()
    {
        auto repo = Repository::open(m_path);
        const QByteArray bad = "diff --git a/.git/config b/.git/config\n--- a/.git/config\n+++ b/.git/config\n"
                               "@@ -1 +1 @@\n-a\n+b\n";
        auto c = CandidateWriter(*repo, {}).write(request(QStringLiteral("p1"), 1, bad));
        QVERIFY(!c);
        QCOMPARE(c.error().kind, GitError::Kind::PolicyViolation);
        QVERIFY(!refExists(CandidateWriter::candidateRef(m_run, QStringLiteral("p1"), 1)));
        const QByteArray notApplying
            = changeLine(QStringLiteral("README.md"), "# Project", "no such line", "x", "Some text.", 2);
        c = CandidateWriter(*repo, {}).write(request(QStringLiteral("p1"), 1, notApplying));
        QVERIFY(!c);
        QCOMPARE(c.error().kind, GitError::Kind::ApplyFailed);
        QVERIFY(!refExists(CandidateWriter::candidateRef(m_run, QStringLiteral("p1"), 1)));
    }

    void badIdsAndBaseRefused()
    {
        auto repo = Repository::open(m_path);
        CandidateWriter writer(*repo, {});
        CandidateRequest r = request(QStringLiteral("p1"), 1, kUtilPatch);
        r.runId = QStringLiteral("../escape");
        auto c = writer.write(r);
        QVERIFY(!c);
        QVERIFY(c.error().message.contains(QStringLiteral("run_id '../escape'")));
        r = request(QStringLiteral("phase/1"), 1, kUtilPatch);
        c = writer.write(r);
        QVERIFY(!c);
        QVERIFY(c.error().message.contains(QStringLiteral("phase_id")));
        r = request(QStringLiteral("p1"), 0, kUtilPatch);
        QVERIFY(!writer.write(r));
        // A base commit that is not on the integration branch ("work" is not).
        r = request(QStringLiteral("p1"), 1, kUtilPatch);
        r.baseCommit
            = *oidFromString(QString::fromLatin1(git(m_path, { QStringLiteral("rev-parse"), QStringLiteral("work") })));
        c = writer.write(r);
        QVERIFY(!c);
        QVERIFY(c.error().message.contains(QStringLiteral("is not the tip")));
        // A run without integration branch.
        r = request(QStringLiteral("p1"), 1, kUtilPatch);
        r.runId = QStringLiteral("run-unknown");
        c = writer.write(r);
        QVERIFY(!c);
        QCOMPARE(c.error().kind, GitError::Kind::NotFound);
    }

    void twoSubmissionsRaceForTheBranch()
    {
        // Two threads, each with its own repository handle, write a candidate on the
        // same tip and try to advance the branch at the same moment: exactly one wins,
        // the other gets RefMoved, resubmits onto the new tip (merged) and advances. No
        // change is lost.
        struct Outcome {
            bool advanced = false;
            GitError::Kind error = GitError::Kind::Libgit2;
            bool retried = false;
            QString failure;
        };
        for (int round = 0; round < 5; ++round) {
            const QString run = QStringLiteral("race-%1").arg(round);
            {
                auto repo = Repository::open(m_path);
                QVERIFY(IntegrationBranch(*repo, run).create(QStringLiteral("main")));
            }
            std::latch ready(2);
            Outcome outcomes[2];
            const QByteArray patches[2] = { kUtilPatch, kGuidePatch };
            auto submit = [&](int i) {
                Outcome &o = outcomes[i];
                auto repo = Repository::open(m_path);
                if (!repo) {
                    o.failure = repo.error().toString();
                    ready.count_down();
                    return;
                }
                CandidateWriter writer(*repo, {});
                IntegrationBranch branch(*repo, run);
                CandidateRequest r;
                r.runId = run;
                r.phaseId = QStringLiteral("p%1").arg(i);
                r.patch = patches[i];
                auto c = writer.write(r);
                ready.arrive_and_wait();
                if (!c) {
                    o.failure = c.error().toString();
                    return;
                }
                auto adv = branch.advance(c->parent, c->commit);
                if (adv) {
                    o.advanced = true;
                    return;
                }
                o.error = adv.error().kind;
                o.failure = o.error == GitError::Kind::RefMoved ? QString() : adv.error().toString();
                if (o.error != GitError::Kind::RefMoved)
                    return;
                // Resubmit as the next attempt, made against the same old base.
                r.attempt = 2;
                r.baseCommit = c->base;
                auto again = writer.write(r);
                if (!again) {
                    o.failure = again.error().toString();
                    return;
                }
                o.retried = bool(branch.advance(again->parent, again->commit));
            };
            std::thread a(submit, 0), b(submit, 1);
            a.join();
            b.join();
            QVERIFY2(outcomes[0].failure.isEmpty(), qPrintable(outcomes[0].failure));
            QVERIFY2(outcomes[1].failure.isEmpty(), qPrintable(outcomes[1].failure));
            QCOMPARE(int(outcomes[0].advanced) + int(outcomes[1].advanced), 1);
            const Outcome &loser = outcomes[0].advanced ? outcomes[1] : outcomes[0];
            QCOMPARE(loser.error, GitError::Kind::RefMoved);
            QVERIFY(loser.retried);
            const QString tip = QStringLiteral("autonomous/") + run;
            QVERIFY(
                git(m_path, { QStringLiteral("show"), tip + QStringLiteral(":src/lib/util.c") }).contains("return 2;"));
            QVERIFY(
                git(m_path, { QStringLiteral("show"), tip + QStringLiteral(":docs/guide.txt") }).contains("Step 1."));
            QCOMPARE(
                git(m_path, { QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("main..") + tip }),
                QByteArray("2"));
        }
    }

    void twoSubmissionsOfTheSameAttemptRace()
    {
        // The same attempt submitted twice at once (a retried request): one candidate
        // ref is created, the other submission is refused, nothing is half-written.
        for (int round = 0; round < 5; ++round) {
            std::latch start(2);
            GitResult<Candidate> results[2] = { std::unexpected(GitError {}), std::unexpected(GitError {}) };
            auto submit = [&](int i) {
                auto repo = Repository::open(m_path);
                start.arrive_and_wait();
                if (repo)
                    results[i] = CandidateWriter(*repo, {}).write(request(QStringLiteral("same"), round + 1, kUtilPatch));
            };
            std::thread a(submit, 0), b(submit, 1);
            a.join();
            b.join();
            QCOMPARE(int(results[0].has_value()) + int(results[1].has_value()), 1);
            const Candidate &won = results[0] ? *results[0] : *results[1];
            const GitError &lost = results[0] ? results[1].error() : results[0].error();
            QVERIFY2(lost.kind == GitError::Kind::Refused || lost.kind == GitError::Kind::RefMoved,
                     qPrintable(lost.toString()));
            QCOMPARE(git(m_path, { QStringLiteral("rev-parse"), won.ref }), oidToString(won.commit).toLatin1());
        }
    }
};

QTEST_GUILESS_MAIN(TestCandidateWriter)
#include "tst_candidatewriter.moc"
