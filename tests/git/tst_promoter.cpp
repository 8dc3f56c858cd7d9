// Promoter: eligibility from the caller, fast-forward, merge commit, refusal with the
// conflicting paths, compare-and-swap on the base, and refusal for a base branch that
// is checked out in a working tree.

#include "candidatewriter.h"
#include "gittestrepo.h"
#include "integrationbranch.h"
#include "promoter.h"
#include "repository.h"

using namespace Autopack::Git;
using namespace Autopack::Git::TestSupport;

class TestPromoter : public ScratchRepositoryTest {
    Q_OBJECT

private:
    const QString m_run = QStringLiteral("run-p");

    QByteArray rev(const QString &spec) { return git(m_path, { QStringLiteral("rev-parse"), spec }); }

    // Puts one candidate changing docs/guide.txt's first line on the integration branch.
    QByteArray advanceWithGuideChange(const Repository &repo)
    {
        CandidateRequest r;
        r.runId = m_run;
        r.phaseId = QStringLiteral("p1");
        r.patch = "diff --git a/docs/guide.txt b/docs/guide.txt\n--- a/docs/guide.txt\n+++ b/docs/guide.txt\n"
                  "@@ -1,3 +1,3 @@\n-Guide\n+User guide\n =====\n \n";
        auto c = CandidateWriter(repo, {}).write(r);
        if (!c || !IntegrationBranch(repo, m_run).advance(c->parent, c->commit))
            return {};
        return oidToString(c->commit).toLatin1();
    }

    PromotionRequest request() const
    {
        PromotionRequest r;
        r.runId = m_run;
        r.baseBranch = QStringLiteral("main");
        r.eligible = true;
        return r;
    }

private Q_SLOTS:
    void init()
    {
        makeScratch();
        auto repo = Repository::open(m_path);
        QVERIFY(IntegrationBranch(*repo, m_run).create(QStringLiteral("main")));
        rememberUserState();
    }

    void cleanup()
    {
        verifyUntouchedAndRemove();
    }

    void ineligibleRunRefused()
    {
        auto repo = Repository::open(m_path);
        QVERIFY(!advanceWithGuideChange(*repo).isEmpty());
        PromotionRequest r = request();
        r.eligible = false;
        r.ineligibleReason = QStringLiteral("tier t1 is not_clean");
        auto p = Promoter(*repo).promote(r);
        QVERIFY(!p);
        QCOMPARE(p.error().kind, GitError::Kind::Refused);
        QVERIFY(p.error().message.contains(QStringLiteral("tier t1 is not_clean")));
        QCOMPARE(rev(QStringLiteral("main")), m_base);
    }

    void fastForwardWhenPossible()
    {
        auto repo = Repository::open(m_path);
        const QByteArray tip = advanceWithGuideChange(*repo);
        auto p = Promoter(*repo).promote(request());
        QVERIFY2(p, qPrintable(p ? QString() : p.error().toString()));
        QCOMPARE(p->kind, Promotion::Kind::FastForward);
        QCOMPARE(rev(QStringLiteral("main")), tip);
        QCOMPARE(oidToString(p->oldBase).toLatin1(), m_base);
        // Promoting again changes nothing.
        auto again = Promoter(*repo).promote(request());
        QVERIFY(again);
        QCOMPARE(again->kind, Promotion::Kind::AlreadyMerged);
        QCOMPARE(rev(QStringLiteral("main")), tip);
    }

    void mergeCommitWhenBaseMovedWithoutConflict()
    {
        auto repo = Repository::open(m_path);
        const QByteArray tip = advanceWithGuideChange(*repo);
        const QByteArray moved = commitOnBranch(m_path, QStringLiteral("main"),
            { { QStringLiteral("src/lib/extra.c"), "int extra;\n" } }, QStringLiteral("meanwhile on main"));
        auto p = Promoter(*repo).promote(request());
        QVERIFY2(p, qPrintable(p ? QString() : p.error().toString()));
        QCOMPARE(p->kind, Promotion::Kind::MergeCommit);
        QCOMPARE(rev(QStringLiteral("main^1")), moved);
        QCOMPARE(rev(QStringLiteral("main^2")), tip);
        QVERIFY(
            git(m_path, { QStringLiteral("show"), QStringLiteral("main:docs/guide.txt") }).startsWith("User guide"));
        QCOMPARE(
            git(m_path, { QStringLiteral("show"), QStringLiteral("main:src/lib/extra.c") }), QByteArray("int extra;"));
    }

    void conflictRefusedWithPaths()
    {
        auto repo = Repository::open(m_path);
        QVERIFY(!advanceWithGuideChange(*repo).isEmpty());
        const QByteArray moved = commitOnBranch(m_path, QStringLiteral("main"),
            { { QStringLiteral("docs/guide.txt"), "Handbook\n=====\n\nStep one.\nStep two.\n" } },
            QStringLiteral("conflicting"));
        auto p = Promoter(*repo).promote(request());
        QVERIFY(!p);
        QCOMPARE(p.error().kind, GitError::Kind::Conflict);
        QCOMPARE(p.error().paths, QStringList { QStringLiteral("docs/guide.txt") });
        QCOMPARE(rev(QStringLiteral("main")), moved);
    }

    void baseMovedSinceReviewReported()
    {
        auto repo = Repository::open(m_path);
        QVERIFY(!advanceWithGuideChange(*repo).isEmpty());
        PromotionRequest r = request();
        r.expectedBase = *oidFromString(QString::fromLatin1(m_base));
        const QByteArray moved = commitOnBranch(
            m_path, QStringLiteral("main"), { { QStringLiteral("n.txt"), "n\n" } }, QStringLiteral("moved"));
        auto p = Promoter(*repo).promote(r);
        QVERIFY(!p);
        QCOMPARE(p.error().kind, GitError::Kind::RefMoved);
        QVERIFY(p.error().message.contains(QString::fromLatin1(moved)));
        QCOMPARE(rev(QStringLiteral("main")), moved);
    }

    void checkedOutBaseRefused()
    {
        auto repo = Repository::open(m_path);
        QVERIFY(!advanceWithGuideChange(*repo).isEmpty());
        // "main" checked out in a linked worktree: refused, nothing moves.
        QTemporaryDir wt;
        const QString wtPath = wt.path() + QStringLiteral("/wt");
        git(m_path,
            { QStringLiteral("worktree"), QStringLiteral("add"), QStringLiteral("-q"), wtPath,
                QStringLiteral("main") });
        const UserState wtBefore = userState(wtPath);
        auto p = Promoter(*repo).promote(request());
        QVERIFY(!p);
        QCOMPARE(p.error().kind, GitError::Kind::Refused);
        QVERIFY(p.error().message.contains(QStringLiteral("checked out")));
        QCOMPARE(rev(QStringLiteral("main")), m_base);
        QVERIFY(userState(wtPath) == wtBefore);
        git(m_path, { QStringLiteral("worktree"), QStringLiteral("remove"), QStringLiteral("--force"), wtPath });

        // A second repository whose own HEAD is the base branch, with a dirty tree.
        QTemporaryDir other;
        makeRepository(other.path());
        git(other.path(),
            { QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-f"), QStringLiteral("main") });
        writeFile(other.path() + QStringLiteral("/README.md"), "dirty\n");
        auto otherRepo = Repository::open(other.path());
        QVERIFY(IntegrationBranch(*otherRepo, m_run).create(QStringLiteral("main")));
        const UserState before = userState(other.path());
        p = Promoter(*otherRepo).promote(request());
        QVERIFY(!p);
        QVERIFY(p.error().message.contains(QStringLiteral("check out another branch")));
        QVERIFY(userState(other.path()) == before);
    }

    void missingBaseRefused()
    {
        auto repo = Repository::open(m_path);
        PromotionRequest r = request();
        r.baseBranch = QStringLiteral("release");
        auto p = Promoter(*repo).promote(r);
        QVERIFY(!p);
        QCOMPARE(p.error().kind, GitError::Kind::NotFound);
        QVERIFY(p.error().message.contains(QStringLiteral("'release'")));
    }
};

QTEST_GUILESS_MAIN(TestPromoter)
#include "tst_promoter.moc"
