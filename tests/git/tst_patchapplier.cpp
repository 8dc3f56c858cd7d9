// PatchApplier: every bad input of issue 4 gets its own refusal, good patches give the
// same tree as `git apply --cached` (the oracle), and the user's HEAD, index and
// working tree are identical before and after every test.

#include "gittestrepo.h"
#include "patchapplier.h"
#include "repository.h"

#include <QElapsedTimer>

using namespace Autopack::Git;
using namespace Autopack::Git::TestSupport;

class TestPatchApplier : public ScratchRepositoryTest {
    Q_OBJECT

private:

    git_oid baseOid() const { return *oidFromString(QString::fromLatin1(m_base)); }

    GitResult<AppliedPatch> apply(const QByteArray &patch, const ScopePolicy &policy = {})
    {
        auto repo = Repository::open(m_path);
        if (!repo)
            return std::unexpected(repo.error());
        auto result = PatchApplier(*repo, policy).apply(patch, baseOid());
        // New objects wait in memory until stored; store them so git can read them.
        if (result && !repo->flushObjects())
            return std::unexpected(
                GitError::refusal(GitError::Kind::Libgit2, QStringLiteral("flush"), QStringLiteral("flush failed")));
        return result;
    }

    // Applies with the applier and with git apply --cached and demands the same tree.
    void expectSameAsGit(const QByteArray &patch, const ScopePolicy &policy = {})
    {
        auto result = apply(patch, policy);
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().toString()));
        const QByteArray expected = cliAppliedTree(m_path, m_base, patch);
        QVERIFY2(!expected.isEmpty(), "git apply --cached refused the patch the test expects to apply");
        QCOMPARE(oidToString(result->tree).toLatin1(), expected);
    }

    void expectRefusal(
        const QByteArray &patch, GitError::Kind kind, const QString &mentions, const ScopePolicy &policy = {})
    {
        const int objectsBefore = looseObjectCount(m_path);
        auto result = apply(patch, policy);
        QVERIFY2(!result.has_value(), "patch was applied but must be refused");
        QCOMPARE(int(result.error().kind), int(kind));
        QVERIFY2(result.error().toString().contains(mentions),
            qPrintable(QStringLiteral("'%1' does not mention '%2'").arg(result.error().toString(), mentions)));
        // Refused before writing: not even an unreferenced object was added.
        QCOMPARE(looseObjectCount(m_path), objectsBefore);
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

    void modifiesNestedFile()
    {
        expectSameAsGit("diff --git a/src/lib/util.c b/src/lib/util.c\n"
                        "index 1111111..2222222 100644\n"
                        "--- a/src/lib/util.c\n"
                        "+++ b/src/lib/util.c\n"
                        "@@ -1,4 +1,4 @@\n"
                        " int util(void)\n"
                        " {\n"
                        "-    return 1;\n"
                        "+    return 2;\n"
                        " }\n");
    }

    void multipleHunksWithOffset()
    {
        // Line numbers are off by two (the patch was made against an older file);
        // git apply accepts offsets without fuzz, and so do we.
        expectSameAsGit("diff --git a/src/app/main.c b/src/app/main.c\n"
                        "--- a/src/app/main.c\n"
                        "+++ b/src/app/main.c\n"
                        "@@ -4,7 +4,7 @@\n"
                        " line 6\n"
                        " line 7\n"
                        " line 8\n"
                        "-line 9\n"
                        "+line nine\n"
                        " line 10\n"
                        " line 11\n"
                        " line 12\n"
                        "@@ -20,6 +20,8 @@\n"
                        " line 22\n"
                        " line 23\n"
                        " line 24\n"
                        "+added a\n"
                        "+added b\n"
                        " line 25\n"
                        " line 26\n"
                        " line 27\n");
    }

    void newFileAndDeletion()
    {
        expectSameAsGit("diff --git a/docs/guide.txt b/docs/guide.txt\n"
                        "deleted file mode 100644\n"
                        "--- a/docs/guide.txt\n"
                        "+++ /dev/null\n"
                        "@@ -1,5 +0,0 @@\n"
                        "-Guide\n"
                        "-=====\n"
                        "-\n"
                        "-Step one.\n"
                        "-Step two.\n"
                        "diff --git a/src/new/deep/file.txt b/src/new/deep/file.txt\n"
                        "new file mode 100644\n"
                        "--- /dev/null\n"
                        "+++ b/src/new/deep/file.txt\n"
                        "@@ -0,0 +1,2 @@\n"
                        "+hello\n"
                        "+world\n");
    }

    void noNewlineAtEndOfFile()
    {
        expectSameAsGit("diff --git a/src/lib/util.c b/src/lib/util.c\n"
                        "--- a/src/lib/util.c\n"
                        "+++ b/src/lib/util.c\n"
                        "@@ -2,3 +2,3 @@\n"
                        " {\n"
                        "     return 1;\n"
                        "-}\n"
                        "+}\n"
                        "\\ No newline at end of file\n"
                        "diff --git a/notes.txt b/notes.txt\n"
                        "new file mode 100644\n"
                        "--- /dev/null\n"
                        "+++ b/notes.txt\n"
                        "@@ -0,0 +1 @@\n"
                        "+no newline here\n"
                        "\\ No newline at end of file\n");
    }

    void renameWithChangeAndModeChange()
    {
        expectSameAsGit("diff --git a/src/lib/util.c b/src/lib/helpers.c\n"
                        "similarity index 75%\n"
                        "rename from src/lib/util.c\n"
                        "rename to src/lib/helpers.c\n"
                        "index 1111111..2222222 100644\n"
                        "--- a/src/lib/util.c\n"
                        "+++ b/src/lib/helpers.c\n"
                        "@@ -1,4 +1,4 @@\n"
                        "-int util(void)\n"
                        "+int helper(void)\n"
                        " {\n"
                        "     return 1;\n"
                        " }\n"
                        "diff --git a/docs/guide.txt b/docs/guide.txt\n"
                        "old mode 100644\n"
                        "new mode 100755\n");
    }

    void pureRenameMovesDirectoryEmpty()
    {
        // The only file of docs/ moves away: docs/ must vanish, not stay as an empty tree.
        expectSameAsGit("diff --git a/docs/guide.txt b/guide.txt\n"
                        "similarity index 100%\n"
                        "rename from docs/guide.txt\n"
                        "rename to guide.txt\n");
    }

    void crlfFileAppliedExactly()
    {
        const QByteArray crlf = "one\r\ntwo\r\nthree\r\n";
        commitOnBranch(
            m_path, QStringLiteral("main"), { { QStringLiteral("win/crlf.txt"), crlf } }, QStringLiteral("crlf"));
        m_base = git(m_path, { QStringLiteral("rev-parse"), QStringLiteral("main") });
        const QByteArray patch = "diff --git a/win/crlf.txt b/win/crlf.txt\n"
                                 "--- a/win/crlf.txt\n"
                                 "+++ b/win/crlf.txt\n"
                                 "@@ -1,3 +1,3 @@\n"
                                 " one\r\n"
                                 "-two\r\n"
                                 "+TWO\r\n"
                                 " three\r\n";
        expectSameAsGit(patch);
        auto result = apply(patch);
        QVERIFY(result);
        const QByteArray blob = git(m_path,
            { QStringLiteral("cat-file"), QStringLiteral("-p"),
                oidToString(result->tree) + QStringLiteral(":win/crlf.txt") });
        QCOMPARE(blob, QByteArray("one\r\nTWO\r\nthree"));
        // The same hunk with LF endings must not apply to the CRLF file (no fuzz).
        expectRefusal(
            QByteArray(patch).replace("\r\n", "\n"), GitError::Kind::ApplyFailed, QStringLiteral("win/crlf.txt"));
    }

    void garbageText()
    {
        expectRefusal("this is not a patch at all\n\x01\x02 garbage\n", GitError::Kind::InvalidPatch,
            QStringLiteral("no 'diff --git' header"));
    }

    void plainDiffUWithoutGitHeaders()
    {
        expectRefusal("--- src/lib/util.c\t2024-01-01 10:00:00\n"
                      "+++ src/lib/util.c\t2024-01-02 10:00:00\n"
                      "@@ -1,4 +1,4 @@\n"
                      " int util(void)\n"
                      " {\n"
                      "-    return 1;\n"
                      "+    return 2;\n"
                      " }\n",
            GitError::Kind::InvalidPatch, QStringLiteral("without a 'diff --git' header"));
    }

    void patchForMissingFile()
    {
        expectRefusal("diff --git a/src/missing.c b/src/missing.c\n"
                      "--- a/src/missing.c\n"
                      "+++ b/src/missing.c\n"
                      "@@ -1 +1 @@\n"
                      "-a\n"
                      "+b\n",
            GitError::Kind::ApplyFailed, QStringLiteral("'src/missing.c' does not exist in the base commit"));
    }

    void patchThatDoesNotApplyNamesFileAndHunk()
    {
        expectRefusal("diff --git a/src/app/main.c b/src/app/main.c\n"
                      "--- a/src/app/main.c\n"
                      "+++ b/src/app/main.c\n"
                      "@@ -2,3 +2,3 @@\n"
                      " line 2\n"
                      "-line 3\n"
                      "+line three\n"
                      " line 4\n"
                      "@@ -10,3 +10,3 @@\n"
                      " line 10\n"
                      "-line eleven\n"
                      "+line 11 changed\n"
                      " line 12\n",
            GitError::Kind::ApplyFailed,
            QStringLiteral("hunk 2 of 2 (@@ -10,3 +10,3 @@) does not apply to 'src/app/main.c'"));
    }

    void newFileThatAlreadyExists()
    {
        expectRefusal("diff --git a/README.md b/README.md\n"
                      "new file mode 100644\n"
                      "--- /dev/null\n"
                      "+++ b/README.md\n"
                      "@@ -0,0 +1 @@\n"
                      "+x\n",
            GitError::Kind::ApplyFailed, QStringLiteral("'README.md' already exists"));
    }

    void binaryPatchRefusedUnlessAllowed()
    {
        const QByteArray data("\x00\x01\x02\x03 binary \xff\xfe", 16);
        // A real binary patch from git itself, made on a scratch branch.
        commitOnBranch(m_path, QStringLiteral("main"), {}, QStringLiteral("noop"));
        git(m_path, { QStringLiteral("branch"), QStringLiteral("scratch"), QStringLiteral("main") });
        commitOnBranch(m_path, QStringLiteral("scratch"), { { QStringLiteral("assets/blob.bin"), data } },
            QStringLiteral("binary"));
        m_base = git(m_path, { QStringLiteral("rev-parse"), QStringLiteral("main") });
        const QByteArray patch = runGit(m_path,
            { QStringLiteral("diff"), QStringLiteral("--binary"), QStringLiteral("main"), QStringLiteral("scratch") })
                                     .out;
        git(m_path, { QStringLiteral("branch"), QStringLiteral("-D"), QStringLiteral("scratch") });
        QVERIFY(patch.contains("GIT binary patch"));
        expectRefusal(patch, GitError::Kind::PolicyViolation, QStringLiteral("binary patches are not allowed"));
        ScopePolicy allow;
        allow.setAllowBinary(true);
        expectSameAsGit(patch, allow);
    }

    void dotDotPath()
    {
        expectRefusal("diff --git a/src/../../outside.txt b/src/../../outside.txt\n"
                      "new file mode 100644\n"
                      "--- /dev/null\n"
                      "+++ b/src/../../outside.txt\n"
                      "@@ -0,0 +1 @@\n"
                      "+escaped\n",
            GitError::Kind::PolicyViolation, QStringLiteral("'src/../../outside.txt': '..' leaves the repository"));
    }

    void absolutePath()
    {
        expectRefusal("diff --git /etc/passwd /etc/passwd\n"
                      "--- /etc/passwd\n"
                      "+++ /etc/passwd\n"
                      "@@ -1 +1 @@\n"
                      "-root:x:0:0\n"
                      "+root::0:0\n",
            GitError::Kind::PolicyViolation, QStringLiteral("'/etc/passwd': absolute path"));
        expectRefusal("diff --git a//tmp/x b//tmp/x\n"
                      "new file mode 100644\n"
                      "--- /dev/null\n"
                      "+++ b//tmp/x\n"
                      "@@ -0,0 +1 @@\n"
                      "+x\n",
            GitError::Kind::PolicyViolation, QStringLiteral("absolute path"));
    }

    void gitConfig()
    {
        expectRefusal("diff --git a/.git/config b/.git/config\n"
                      "--- a/.git/config\n"
                      "+++ b/.git/config\n"
                      "@@ -1 +1,2 @@\n"
                      " [core]\n"
                      "+\tfsmonitor = evil\n",
            GitError::Kind::PolicyViolation, QStringLiteral("'.git/config': inside .git/"));
        expectRefusal("diff --git a/sub/.GIT/hooks/post-checkout b/sub/.GIT/hooks/post-checkout\n"
                      "new file mode 100755\n"
                      "--- /dev/null\n"
                      "+++ b/sub/.GIT/hooks/post-checkout\n"
                      "@@ -0,0 +1 @@\n"
                      "+rm -rf /\n",
            GitError::Kind::PolicyViolation, QStringLiteral("inside .git/"));
    }

    void symlinkCreationRefused()
    {
        expectRefusal("diff --git a/link b/link\n"
                      "new file mode 120000\n"
                      "--- /dev/null\n"
                      "+++ b/link\n"
                      "@@ -0,0 +1 @@\n"
                      "+/etc/passwd\n"
                      "\\ No newline at end of file\n",
            GitError::Kind::PolicyViolation, QStringLiteral("'link': creates a symlink"));
    }

    void writingThroughSymlinkRefused()
    {
        // The base has "vendor" as a symlink to a directory outside; a patch writing
        // "vendor/x" would follow it in any checkout.
        QTemporaryDir tmp;
        const QStringList env { QStringLiteral("GIT_INDEX_FILE=") + tmp.path() + QStringLiteral("/index") };
        runGit(m_path, { QStringLiteral("read-tree"), QString::fromLatin1(m_base) }, {}, env);
        const QByteArray target
            = runGit(m_path, { QStringLiteral("hash-object"), QStringLiteral("-w"), QStringLiteral("--stdin") }, "/etc")
                  .out.trimmed();
        runGit(m_path,
            { QStringLiteral("update-index"), QStringLiteral("--add"), QStringLiteral("--cacheinfo"),
                QStringLiteral("120000,%1,vendor").arg(QString::fromLatin1(target)) },
            {}, env);
        const QByteArray tree = runGit(m_path, { QStringLiteral("write-tree") }, {}, env).out.trimmed();
        m_base = git(m_path,
            { QStringLiteral("commit-tree"), QString::fromLatin1(tree), QStringLiteral("-p"),
                QString::fromLatin1(m_base), QStringLiteral("-m"), QStringLiteral("symlink") });
        git(m_path, { QStringLiteral("update-ref"), QStringLiteral("refs/heads/main"), QString::fromLatin1(m_base) });
        expectRefusal("diff --git a/vendor/cron.d/job b/vendor/cron.d/job\n"
                      "new file mode 100644\n"
                      "--- /dev/null\n"
                      "+++ b/vendor/cron.d/job\n"
                      "@@ -0,0 +1 @@\n"
                      "+* * * * * root evil\n",
            GitError::Kind::PolicyViolation, QStringLiteral("'vendor' is a symlink in the base tree"));
        // Retargeting the symlink itself is refused too.
        expectRefusal("diff --git a/vendor b/vendor\n"
                      "--- a/vendor\n"
                      "+++ b/vendor\n"
                      "@@ -1 +1 @@\n"
                      "-/etc\n"
                      "\\ No newline at end of file\n"
                      "+/root\n"
                      "\\ No newline at end of file\n",
            GitError::Kind::PolicyViolation, QStringLiteral("changing it is refused"));
    }

    void protectedGlobs()
    {
        const QByteArray patch = "diff --git a/docs/guide.txt b/docs/guide.txt\n"
                                 "--- a/docs/guide.txt\n"
                                 "+++ b/docs/guide.txt\n"
                                 "@@ -1,2 +1,2 @@\n"
                                 "-Guide\n"
                                 "+The guide\n"
                                 " =====\n";
        ScopePolicy policy;
        policy.setProtectedGlobs({ QStringLiteral("docs/") });
        expectRefusal(patch, GitError::Kind::PolicyViolation, QStringLiteral("'docs/guide.txt': protected"), policy);
        policy.setAllowProtected(true);
        expectSameAsGit(patch, policy);
    }

    void emptyPatch()
    {
        expectRefusal("", GitError::Kind::InvalidPatch, QStringLiteral("patch is empty"));
        expectRefusal("\n  \n", GitError::Kind::InvalidPatch, QStringLiteral("patch is empty"));
    }

    void fiftyMegabytePatchRefusedQuickly()
    {
        QByteArray patch = "diff --git a/big.txt b/big.txt\nnew file mode 100644\n--- /dev/null\n+++ b/big.txt\n"
                           "@@ -0,0 +1,1000000 @@\n";
        const QByteArray line = "+" + QByteArray(49, 'x') + "\n";
        patch.reserve(50 * 1024 * 1024 + 100);
        while (patch.size() < 50 * 1024 * 1024)
            patch += line;
        QElapsedTimer t;
        t.start();
        expectRefusal(patch, GitError::Kind::PolicyViolation, QStringLiteral("over the limit of 10485760 bytes"));
        QVERIFY2(t.elapsed() < 1000, qPrintable(QStringLiteral("took %1 ms").arg(t.elapsed())));
    }

    void samePathTwiceRefused()
    {
        expectRefusal("diff --git a/README.md b/README.md\n"
                      "--- a/README.md\n"
                      "+++ b/README.md\n"
                      "@@ -1 +1 @@\n"
                      "-# Project\n"
                      "+# One\n"
                      "diff --git a/README.md b/README.md\n"
                      "--- a/README.md\n"
                      "+++ b/README.md\n"
                      "@@ -1 +1 @@\n"
                      "-# Project\n"
                      "+# Two\n",
            GitError::Kind::InvalidPatch, QStringLiteral("more than one file section"));
    }

    void removedLineLookingLikeHeaderIsNotAPath()
    {
        // "--- x" inside a hunk body is a removed line "-- x", not a file header.
        commitOnBranch(m_path, QStringLiteral("main"),
            { { QStringLiteral("sql/q.sql"), "select 1;\n-- /etc/passwd\n" } }, QStringLiteral("sql"));
        m_base = git(m_path, { QStringLiteral("rev-parse"), QStringLiteral("main") });
        expectSameAsGit("diff --git a/sql/q.sql b/sql/q.sql\n"
                        "--- a/sql/q.sql\n"
                        "+++ b/sql/q.sql\n"
                        "@@ -1,2 +1,2 @@\n"
                        " select 1;\n"
                        "--- /etc/passwd\n"
                        "+-- comment\n");
    }
};

QTEST_GUILESS_MAIN(TestPatchApplier)
#include "tst_patchapplier.moc"
