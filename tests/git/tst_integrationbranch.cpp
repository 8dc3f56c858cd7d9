// IntegrationBranch: creation from the base branch (idempotent, refusing unrelated
// history), compare-and-swap advance, annotated snapshot tags, status with trailers,
// and pruning of candidate refs that keeps everything unmerged and not discarded.

#include "candidatewriter.h"
#include "gittestrepo.h"
#include "integrationbranch.h"
#include "repository.h"

using namespace Autopack::Git;
using namespace Autopack::Git::TestSupport;

class TestIntegrationBranch : public ScratchRepositoryTest {
    Q_OBJECT

private:

    QByteArray rev(const QString &spec) { return git(m_path, { QStringLiteral("rev-parse"), spec }); }
    git_oid oid(const QByteArray &hex) { return *oidFromString(QString::fromLatin1(hex)); }

    Candidate candidate(const Repository &repo, const QString &run, const QString &phase, int attempt,
        const QString &file, PatchRole role = PatchRole::Builder)
    {
        CandidateRequest r;
        r.runId = run;
        r.phaseId = phase;
        r.attempt = attempt;
        r.role = role;
        const QByteArray p = file.toUtf8();
        r.patch = "diff --git a/" + p + " b/" + p + "\nnew file mode 100644\n--- /dev/null\n+++ b/" + p
            + "\n@@ -0,0 +1 @@\n+" + p + "\n";
        auto c = CandidateWriter(repo, {}).write(r);
        if (!c)
            qWarning("%s", qPrintable(c.error().toString()));
        return c.value_or(Candidate {});
    }

private Q_SLOTS:
    void init()
    {
        makeScratch();
        rememberUserState();
    }

    void cleanup()
    {
        verifyUntouchedAndRemove();
    }

    void createFromBaseIsIdempotent()
    {
        auto repo = Repository::open(m_path);
        IntegrationBranch branch(*repo, QStringLiteral("r1"));
        auto tip = branch.create(QStringLiteral("main"));
        QVERIFY(tip);
        QCOMPARE(oidToString(*tip).toLatin1(), m_base);
        QCOMPARE(rev(QStringLiteral("refs/heads/autonomous/r1")), m_base);
        // Again after the branch moved on: returned as it is, not reset.
        auto c = candidate(*repo, QStringLiteral("r1"), QStringLiteral("p1"), 1, QStringLiteral("a.txt"));
        QVERIFY(branch.advance(c.parent, c.commit));
        auto again = branch.create(QStringLiteral("main"));
        QVERIFY(again);
        QCOMPARE(oidToString(*again), oidToString(c.commit));
        // And after the base moved on since: still related history, still accepted.
        commitOnBranch(
            m_path, QStringLiteral("main"), { { QStringLiteral("later.txt"), "later\n" } }, QStringLiteral("later"));
        QVERIFY(branch.create(QStringLiteral("main")));
    }

    void unrelatedHistoryRefused()
    {
        const QByteArray emptyTree = git(m_path,
            { QStringLiteral("hash-object"), QStringLiteral("-t"), QStringLiteral("tree"), QStringLiteral("-w"),
                QStringLiteral("/dev/null") });
        const QByteArray orphan = git(m_path,
            { QStringLiteral("commit-tree"), QString::fromLatin1(emptyTree), QStringLiteral("-m"),
                QStringLiteral("orphan") });
        git(m_path,
            { QStringLiteral("update-ref"), QStringLiteral("refs/heads/autonomous/r2"), QString::fromLatin1(orphan) });
        auto repo = Repository::open(m_path);
        auto tip = IntegrationBranch(*repo, QStringLiteral("r2")).create(QStringLiteral("main"));
        QVERIFY(!tip);
        QCOMPARE(tip.error().kind, GitError::Kind::Refused);
        QVERIFY(tip.error().message.contains(QStringLiteral("unrelated")));
        QCOMPARE(rev(QStringLiteral("refs/heads/autonomous/r2")), orphan);
    }

    void missingBaseAndBadRunIdRefused()
    {
        auto repo = Repository::open(m_path);
        auto tip = IntegrationBranch(*repo, QStringLiteral("r3")).create(QStringLiteral("no-such-branch"));
        QVERIFY(!tip);
        QCOMPARE(tip.error().kind, GitError::Kind::NotFound);
        QVERIFY(tip.error().message.contains(QStringLiteral("'no-such-branch'")));
        tip = IntegrationBranch(*repo, QStringLiteral("bad run")).create(QStringLiteral("main"));
        QVERIFY(!tip);
        QVERIFY(tip.error().message.contains(QStringLiteral("run_id 'bad run'")));
    }

    void advanceIsCompareAndSwap()
    {
        auto repo = Repository::open(m_path);
        IntegrationBranch branch(*repo, QStringLiteral("r4"));
        QVERIFY(branch.create(QStringLiteral("main")));
        auto c1 = candidate(*repo, QStringLiteral("r4"), QStringLiteral("p1"), 1, QStringLiteral("one.txt"));
        auto c2 = candidate(*repo, QStringLiteral("r4"), QStringLiteral("p2"), 1, QStringLiteral("two.txt"));
        QVERIFY(branch.advance(c1.parent, c1.commit));
        // c2 was made on the old tip: advancing with the old expectation loses.
        auto moved = branch.advance(c2.parent, c2.commit);
        QVERIFY(!moved);
        QCOMPARE(moved.error().kind, GitError::Kind::RefMoved);
        QVERIFY(moved.error().message.contains(oidToString(c1.commit)));
        QCOMPARE(rev(QStringLiteral("autonomous/r4")), oidToString(c1.commit).toLatin1());
        // With the right expectation but a candidate that does not descend: refused.
        auto sideways = branch.advance(c1.commit, c2.commit);
        QVERIFY(!sideways);
        QCOMPARE(sideways.error().kind, GitError::Kind::Refused);
        QCOMPARE(rev(QStringLiteral("autonomous/r4")), oidToString(c1.commit).toLatin1());
    }

    void snapshotTagIsAnnotated()
    {
        auto repo = Repository::open(m_path);
        IntegrationBranch branch(*repo, QStringLiteral("r5"));
        QVERIFY(branch.create(QStringLiteral("main")));
        auto c = candidate(*repo, QStringLiteral("r5"), QStringLiteral("p1"), 1, QStringLiteral("x.txt"));
        QVERIFY(branch.advance(c.parent, c.commit));
        auto tag = branch.tagSnapshot(QStringLiteral("t1"), QStringLiteral("p1"));
        QVERIFY(tag);
        QCOMPARE(*tag, QStringLiteral("autonomous/r5/tier-t1/phase-p1"));
        QCOMPARE(git(m_path, { QStringLiteral("cat-file"), QStringLiteral("-t"), QStringLiteral("refs/tags/") + *tag }),
            QByteArray("tag"));
        QCOMPARE(
            rev(QStringLiteral("refs/tags/") + *tag + QStringLiteral("^{commit}")), oidToString(c.commit).toLatin1());
        QVERIFY(branch.tagSnapshot(QStringLiteral("t1"), QStringLiteral("p1"))); // idempotent
        auto c2 = candidate(*repo, QStringLiteral("r5"), QStringLiteral("p2"), 1, QStringLiteral("y.txt"));
        QVERIFY(branch.advance(c2.parent, c2.commit));
        auto clash = branch.tagSnapshot(QStringLiteral("t1"), QStringLiteral("p1"));
        QVERIFY(!clash);
        QVERIFY(clash.error().message.contains(QStringLiteral("already exists")));
    }

    void statusReportsAheadBehindAndTrailers()
    {
        auto repo = Repository::open(m_path);
        IntegrationBranch branch(*repo, QStringLiteral("r6"));
        QVERIFY(branch.create(QStringLiteral("main")));
        auto b = candidate(*repo, QStringLiteral("r6"), QStringLiteral("p1"), 1, QStringLiteral("b.txt"));
        auto a = candidate(
            *repo, QStringLiteral("r6"), QStringLiteral("p1"), 1, QStringLiteral("c.txt"), PatchRole::Auditor);
        QVERIFY(branch.advance(b.parent, a.commit));
        commitOnBranch(
            m_path, QStringLiteral("main"), { { QStringLiteral("m.txt"), "m\n" } }, QStringLiteral("base moved"));
        auto st = branch.status(QStringLiteral("main"));
        QVERIFY(st);
        QCOMPARE(st->branch, QStringLiteral("autonomous/r6"));
        QCOMPARE(st->ahead, size_t(2));
        QCOMPARE(st->behind, size_t(1));
        QCOMPARE(oidToString(st->tip), oidToString(a.commit));
        QCOMPARE(oidToString(st->base).toLatin1(), rev(QStringLiteral("main")));
        QCOMPARE(st->commits.size(), 2);
        QCOMPARE(st->commits[0].role, QStringLiteral("auditor"));
        QCOMPARE(st->commits[1].role, QStringLiteral("builder"));
        QCOMPARE(st->commits[1].phase, QStringLiteral("p1"));
        QCOMPARE(st->commits[1].run, QStringLiteral("r6"));
    }

    void pruneKeepsUnmergedUndiscarded()
    {
        auto repo = Repository::open(m_path);
        IntegrationBranch branch(*repo, QStringLiteral("r7"));
        QVERIFY(branch.create(QStringLiteral("main")));
        auto merged = candidate(*repo, QStringLiteral("r7"), QStringLiteral("p1"), 1, QStringLiteral("m1.txt"));
        QVERIFY(branch.advance(merged.parent, merged.commit));
        auto discarded = candidate(*repo, QStringLiteral("r7"), QStringLiteral("p2"), 1, QStringLiteral("d.txt"));
        auto pending = candidate(*repo, QStringLiteral("r7"), QStringLiteral("p2"), 2, QStringLiteral("k.txt"));
        QVERIFY(IntegrationBranch(*repo, QStringLiteral("r7b")).create(QStringLiteral("main")));
        auto other = candidate(*repo, QStringLiteral("r7b"), QStringLiteral("p1"), 1, QStringLiteral("o.txt"));
        auto result = branch.pruneCandidates({ QStringLiteral("p2/1") });
        QVERIFY(result);
        QCOMPARE(result->kept, QStringList { pending.ref });
        QCOMPARE(QSet<QString>(result->deleted.begin(), result->deleted.end()),
            (QSet<QString> { merged.ref, discarded.ref }));
        QVERIFY(runGit(m_path,
                    { QStringLiteral("rev-parse"), QStringLiteral("-q"), QStringLiteral("--verify"), merged.ref })
                    .exitCode
            != 0);
        QCOMPARE(rev(pending.ref), oidToString(pending.commit).toLatin1());
        // Another run's candidates are not this run's to prune.
        QCOMPARE(rev(QStringLiteral("refs/autopack/candidates/r7b/p1/1")), oidToString(other.commit).toLatin1());
    }
};

QTEST_GUILESS_MAIN(TestIntegrationBranch)
#include "tst_integrationbranch.moc"
