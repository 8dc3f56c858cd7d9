#include "reviewdiff.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace Autopack::Git;

namespace {

// A scratch repository driven by the git CLI, which is the reference the diffs are
// checked against. No user or system configuration leaks in.
class Scratch
{
public:
    Scratch()
    {
        m_ok = m_dir.isValid();
        git({ u"init"_qs, u"-q"_qs, u"-b"_qs, u"main"_qs });
    }

    QString path() const { return m_dir.path(); }
    bool ok() const { return m_ok; }

    QByteArray git(const QStringList &args)
    {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"GIT_CONFIG_NOSYSTEM"_qs, u"1"_qs);
        env.insert(u"GIT_CONFIG_GLOBAL"_qs, u"/dev/null"_qs);
        env.insert(u"HOME"_qs, m_dir.path());
        env.insert(u"GIT_AUTHOR_NAME"_qs, u"Test"_qs);
        env.insert(u"GIT_AUTHOR_EMAIL"_qs, u"test@example.invalid"_qs);
        env.insert(u"GIT_COMMITTER_NAME"_qs, u"Test"_qs);
        env.insert(u"GIT_COMMITTER_EMAIL"_qs, u"test@example.invalid"_qs);
        env.insert(u"LC_ALL"_qs, u"C"_qs);
        p.setProcessEnvironment(env);
        p.start(u"git"_qs, QStringList{ u"-c"_qs, u"core.autocrlf=false"_qs } + args);
        if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            qWarning("git %s failed: %s", qPrintable(args.join(u' ')), p.readAllStandardError().constData());
            m_ok = false;
        }
        return p.readAllStandardOutput();
    }

    void write(const QString &relative, const QByteArray &content)
    {
        const QString full = m_dir.filePath(relative);
        QDir().mkpath(QFileInfo(full).absolutePath());
        QFile f(full);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size())
            m_ok = false;
    }

    // Stages everything and commits; returns the new commit id.
    QString commit(const QString &message)
    {
        git({ u"add"_qs, u"-A"_qs });
        git({ u"commit"_qs, u"-q"_qs, u"--allow-empty"_qs, u"-m"_qs, message });
        return revParse(u"HEAD"_qs);
    }

    // Commits `before` as `path` ("base"), then `after` on top; returns the second commit.
    QString commitEdit(const QString &path, const QByteArray &before, const QByteArray &after,
                       const QString &message = u"edit"_qs)
    {
        write(path, before);
        commit(u"base"_qs);
        write(path, after);
        return commit(message);
    }

    QString revParse(const QString &rev) { return QString::fromLatin1(git({ u"rev-parse"_qs, rev }).trimmed()); }

private:
    QTemporaryDir m_dir;
    bool m_ok = true;
};

QByteArray numbered(int from, int to, const char *prefix = "line")
{
    QByteArray out;
    for (int i = from; i <= to; ++i)
        out += prefix + QByteArray::number(i) + '\n';
    return out;
}

QString describe(const GitError &e)
{
    return e.toString();
}

// Lines of a hunk as "kind old new text", one per line: the golden form.
QString render(const Hunk &hunk)
{
    QStringList out;
    for (const DiffLine &l : hunk.lines) {
        QString kind;
        switch (l.kind) {
        case DiffLine::Kind::Context:
            kind = u" "_qs;
            break;
        case DiffLine::Kind::Added:
            kind = u"+"_qs;
            break;
        case DiffLine::Kind::Removed:
            kind = u"-"_qs;
            break;
        case DiffLine::Kind::NoNewline:
            kind = u"\\"_qs;
            break;
        }
        out.append(QStringLiteral("%1 %2 %3 %4").arg(kind).arg(l.oldLine).arg(l.newLine).arg(l.text));
    }
    return out.join(u'\n');
}

const QString emptyTree = u"4b825dc642cb6eb9a060e54bf8d69288fbee4904"_qs;

} // namespace

// Evaluates `result` once: it may be the call under test.
#define REQUIRE_OK(result)                                                                                          \
    do {                                                                                                             \
        const auto &requireOk_ = (result);                                                                           \
        QVERIFY2(requireOk_.has_value(), requireOk_ ? "" : qPrintable(describe(requireOk_.error())));              \
    } while (false)

class TestReviewDiff : public QObject
{
    Q_OBJECT

private:
    // Our patch text for old..new must be byte for byte what `git diff` prints.
    static void checkPatchMatchesGit(Scratch &repo, const ReviewDiff &review, const QString &oldRev,
                                     const QString &newRev, const QStringList &extraGitArgs = {})
    {
        const auto ours = review.betweenPatch(oldRev, newRev);
        REQUIRE_OK(ours);
        const QByteArray theirs = repo.git(QStringList{ u"diff"_qs, u"--no-color"_qs, u"--no-ext-diff"_qs }
                                           + extraGitArgs + QStringList{ oldRev, newRev });
        QVERIFY(repo.ok());
        QCOMPARE(*ours, theirs);
    }

    // Each file's structured hunks, printed back as unified text, are that file's
    // section of the patch from its first "@@" on: no line is lost or altered.
    static void checkHunksRebuildPatch(const ReviewDiff &review, const QString &revision)
    {
        const auto set = review.commit(revision);
        REQUIRE_OK(set);
        const auto patch = review.commitPatch(revision);
        REQUIRE_OK(patch);
        QList<QByteArray> files;
        qsizetype start = 0;
        while (start < patch->size()) {
            qsizetype next = patch->indexOf("\ndiff --git ", start);
            next = next < 0 ? patch->size() : next + 1;
            files.append(patch->mid(start, next - start));
            start = next;
        }
        QCOMPARE(files.size(), set->files.size());
        for (qsizetype i = 0; i < files.size(); ++i) {
            QString rebuilt;
            for (const Hunk &hunk : set->files[i].hunks)
                rebuilt += unifiedText(hunk);
            const qsizetype firstHunk = files[i].indexOf("\n@@ ");
            QVERIFY(firstHunk > 0);
            QCOMPARE(rebuilt, QString::fromUtf8(files[i].mid(firstHunk + 1)));
        }
    }

    // The checks every single-commit case ends with: patch and hunks agree with git.
    static void checkCommitAgainstGit(Scratch &repo, const ReviewDiff &review, const QString &head)
    {
        checkPatchMatchesGit(repo, review, head + u"~1"_qs, head);
        checkHunksRebuildPatch(review, head);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QProcess p;
        p.start(u"git"_qs, { u"--version"_qs });
        QVERIFY2(p.waitForFinished() && p.exitCode() == 0, "the git CLI is needed as the reference");
    }

    void rootCommitAgainstEmptyTree()
    {
        Scratch repo;
        repo.write(u"a.txt"_qs, "one\ntwo\n");
        repo.write(u"dir/b.txt"_qs, "three\n");
        const QString root = repo.commit(u"root"_qs);
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto set = review.commit(root);
        REQUIRE_OK(set);
        QCOMPARE(set->oldRevision, QString());
        QCOMPARE(set->newRevision, root);
        QCOMPARE(set->files.size(), 2);
        const DiffFile &a = set->files[0];
        QCOMPARE(a.status, DiffFile::Status::Added);
        QCOMPARE(a.newPath, u"a.txt"_qs);
        QCOMPARE(a.oldMode, 0u);
        QCOMPARE(a.newMode, 0100644u);
        QVERIFY(a.oldId.isEmpty());
        QCOMPARE(a.newId, repo.revParse(root + u":a.txt"_qs));
        QCOMPARE(a.additions, 2);
        QCOMPARE(a.deletions, 0);
        QCOMPARE(a.hunks.size(), 1);
        QCOMPARE(a.hunks[0].header, u"@@ -0,0 +1,2 @@"_qs);
        QCOMPARE(render(a.hunks[0]), u"+ -1 1 one\n+ -1 2 two"_qs);
        QCOMPARE(set->files[1].newPath, u"dir/b.txt"_qs);
        QCOMPARE(set->stats(), (DiffStats{ 2, 3, 0, 0 }));

        const auto patch = review.commitPatch(root);
        REQUIRE_OK(patch);
        QCOMPARE(*patch, repo.git({ u"diff"_qs, u"--no-color"_qs, emptyTree, root }));
    }

    void modifiedLinesAreNumbered()
    {
        Scratch repo;
        QByteArray changed = numbered(1, 20);
        changed.replace("line5\n", "line5 changed\n");
        changed.replace("line15\n", "");
        changed.replace("line18\n", "line18\nnew after 18\n");
        const QString head = repo.commitEdit(u"f.txt"_qs, numbered(1, 20), changed);
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        QCOMPARE(set->files.size(), 1);
        const DiffFile &f = set->files[0];
        QCOMPARE(f.status, DiffFile::Status::Modified);
        QCOMPARE(f.oldPath, u"f.txt"_qs);
        QCOMPARE(f.additions, 2);
        QCOMPARE(f.deletions, 2);
        QCOMPARE(f.hunks.size(), 2);
        const Hunk &h1 = f.hunks[0];
        QCOMPARE(h1.oldStart, 2);
        QCOMPARE(h1.oldCount, 7);
        QCOMPARE(h1.newStart, 2);
        QCOMPARE(h1.newCount, 7);
        QCOMPARE(render(h1), u"  2 2 line2\n  3 3 line3\n  4 4 line4\n- 5 -1 line5\n+ -1 5 line5 changed\n"
                             "  6 6 line6\n  7 7 line7\n  8 8 line8"_qs);
        // The paired lines carry the word diff: " changed" was appended.
        QCOMPARE(h1.lines[3].pairedLine, 4);
        QCOMPARE(h1.lines[4].pairedLine, 3);
        QCOMPARE(h1.lines[3].changes, QList<TextRange>{});
        QCOMPARE(h1.lines[4].changes, (QList<TextRange>{ { 5, 8 } }));

        const Hunk &h2 = f.hunks[1];
        QCOMPARE(h2.header, u"@@ -12,9 +12,9 @@ line11"_qs);
        QCOMPARE(render(h2), u"  12 12 line12\n  13 13 line13\n  14 14 line14\n- 15 -1 line15\n  16 15 line16\n"
                             "  17 16 line17\n  18 17 line18\n+ -1 18 new after 18\n  19 19 line19\n  20 20 line20"_qs);

        checkCommitAgainstGit(repo, review, head);
    }

    // Old line → new line and back, over real hunks with and without context.
    void lineMapping_data()
    {
        QTest::addColumn<int>("contextLines");
        QTest::newRow("context 3") << 3;
        QTest::newRow("context 0") << 0;
        QTest::newRow("context 1") << 1;
    }

    void lineMapping()
    {
        QFETCH(int, contextLines);
        Scratch repo;
        QByteArray changed = numbered(1, 20);
        changed.replace("line2\n", "line2\ninserted a\ninserted b\n");
        changed.replace("line5\n", "line5 changed\n");
        changed.replace("line15\n", "");
        const QString head = repo.commitEdit(u"f.txt"_qs, numbered(1, 20), changed);
        QVERIFY(repo.ok());

        DiffOptions options;
        options.contextLines = contextLines;
        const auto set = ReviewDiff(repo.path(), options).commit(head);
        REQUIRE_OK(set);
        const DiffFile &f = set->files.value(0);
        // Old file: line1..line20. New file: line1 line2 (a) (b) line3 line4 (line5 changed)
        // line6 .. line14 line16 .. line20.
        const QList<int> expectedNew = { -1, 1, 2, 5, 6, -1, 8, 9, 10, 11, 12, 13, 14, 15, 16, -1, 17, 18, 19, 20, 21 };
        for (int oldLine = 1; oldLine <= 20; ++oldLine)
            QCOMPARE(f.newLineFor(oldLine), expectedNew[oldLine]);
        const QList<int> expectedOld = { -1, 1, 2, -1, -1, 3, 4, -1, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 20 };
        for (int newLine = 1; newLine <= 21; ++newLine)
            QCOMPARE(f.oldLineFor(newLine), expectedOld[newLine]);
        QCOMPARE(f.newLineFor(0), -1);
    }

    void addedAndDeletedFiles()
    {
        Scratch repo;
        repo.write(u"gone.txt"_qs, "bye\nbye\n");
        repo.write(u"keep.txt"_qs, "k\n");
        repo.commit(u"base"_qs);
        QFile::remove(repo.path() + u"/gone.txt"_qs);
        repo.write(u"new/file.txt"_qs, "hello\n");
        const QString head = repo.commit(u"add and delete"_qs);
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        QCOMPARE(set->files.size(), 2);
        const DiffFile &deleted = set->files[0];
        QCOMPARE(deleted.status, DiffFile::Status::Deleted);
        QCOMPARE(deleted.path(), u"gone.txt"_qs);
        QCOMPARE(deleted.oldMode, 0100644u);
        QCOMPARE(deleted.newMode, 0u);
        QVERIFY(deleted.newId.isEmpty());
        QCOMPARE(deleted.deletions, 2);
        QCOMPARE(render(deleted.hunks.value(0)), u"- 1 -1 bye\n- 2 -1 bye"_qs);
        const DiffFile &added = set->files[1];
        QCOMPARE(added.status, DiffFile::Status::Added);
        QCOMPARE(added.path(), u"new/file.txt"_qs);
        QCOMPARE(set->stats(), (DiffStats{ 2, 1, 2, 0 }));
        checkPatchMatchesGit(repo, review, head + u"~1"_qs, head);
    }

    void renames()
    {
        Scratch repo;
        repo.write(u"pure.txt"_qs, numbered(1, 20, "pure"));
        repo.write(u"edited.txt"_qs, numbered(1, 20, "edited"));
        repo.commit(u"base"_qs);
        QVERIFY(QDir(repo.path()).mkdir(u"moved"_qs));
        repo.git({ u"mv"_qs, u"pure.txt"_qs, u"moved/pure.txt"_qs });
        repo.git({ u"mv"_qs, u"edited.txt"_qs, u"edited2.txt"_qs });
        QByteArray edited = numbered(1, 20, "edited");
        edited.replace("edited10\n", "edited ten\n");
        repo.write(u"edited2.txt"_qs, edited);
        const QString head = repo.commit(u"renames"_qs);
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        QCOMPARE(set->files.size(), 2);
        const DiffFile &withEdit = set->files[0];
        QCOMPARE(withEdit.status, DiffFile::Status::Renamed);
        QCOMPARE(withEdit.oldPath, u"edited.txt"_qs);
        QCOMPARE(withEdit.newPath, u"edited2.txt"_qs);
        QVERIFY2(withEdit.similarity >= 50 && withEdit.similarity < 100, qPrintable(QString::number(withEdit.similarity)));
        QCOMPARE(withEdit.additions, 1);
        QCOMPARE(withEdit.deletions, 1);
        QCOMPARE(withEdit.hunks.size(), 1);
        QCOMPARE(withEdit.hunks[0].oldStart, 7);
        const DiffFile &pure = set->files[1];
        QCOMPARE(pure.status, DiffFile::Status::Renamed);
        QCOMPARE(pure.oldPath, u"pure.txt"_qs);
        QCOMPARE(pure.newPath, u"moved/pure.txt"_qs);
        QCOMPARE(pure.similarity, 100);
        QVERIFY(pure.hunks.isEmpty());
        QCOMPARE(pure.additions, 0);
        checkPatchMatchesGit(repo, review, head + u"~1"_qs, head, { u"-M"_qs });

        // Without rename detection: a deletion and an addition per file.
        DiffOptions plain;
        plain.detectRenames = false;
        const auto split = ReviewDiff(repo.path(), plain).commit(head);
        REQUIRE_OK(split);
        QCOMPARE(split->files.size(), 4);
        int added = 0, deleted = 0;
        for (const DiffFile &f : split->files) {
            added += f.status == DiffFile::Status::Added;
            deleted += f.status == DiffFile::Status::Deleted;
        }
        QCOMPARE(added, 2);
        QCOMPARE(deleted, 2);
        checkPatchMatchesGit(repo, ReviewDiff(repo.path(), plain), head + u"~1"_qs, head, { u"--no-renames"_qs });
    }

    void modeChange()
    {
        Scratch repo;
        repo.write(u"run.sh"_qs, "#!/bin/sh\necho hi\n");
        repo.commit(u"base"_qs);
        repo.git({ u"update-index"_qs, u"--chmod=+x"_qs, u"run.sh"_qs });
        repo.git({ u"commit"_qs, u"-q"_qs, u"-m"_qs, u"exec"_qs });
        const QString head = repo.revParse(u"HEAD"_qs);
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        QCOMPARE(set->files.size(), 1);
        const DiffFile &f = set->files[0];
        QCOMPARE(f.status, DiffFile::Status::Modified);
        QCOMPARE(f.oldMode, 0100644u);
        QCOMPARE(f.newMode, 0100755u);
        QVERIFY(f.modeChanged());
        QVERIFY(f.hunks.isEmpty());
        QCOMPARE(f.oldId, f.newId);
        checkPatchMatchesGit(repo, review, head + u"~1"_qs, head);
    }

    void typeChangeToSymlink()
    {
        Scratch repo;
        repo.write(u"target.txt"_qs, "t\n");
        repo.write(u"link"_qs, "was a file\n");
        repo.commit(u"base"_qs);
        QFile::remove(repo.path() + u"/link"_qs);
        QVERIFY(QFile::link(u"target.txt"_qs, repo.path() + u"/link"_qs));
        const QString head = repo.commit(u"symlink"_qs);
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        QCOMPARE(set->files.size(), 1);
        QCOMPARE(set->files[0].status, DiffFile::Status::TypeChanged);
        QCOMPARE(set->files[0].oldMode, 0100644u);
        QCOMPARE(set->files[0].newMode, 0120000u);
        // The patch text splits it into a deletion and an addition, as git does.
        checkPatchMatchesGit(repo, review, head + u"~1"_qs, head);
    }

    void binaryFile()
    {
        Scratch repo;
        QByteArray bytes("\x89PNG\r\n\x1a\n", 8);
        bytes += QByteArray(64, '\0');
        QByteArray changed = bytes;
        changed[20] = '\x7f';
        const QString head = repo.commitEdit(u"image.png"_qs, bytes, changed, u"change image"_qs);
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        QCOMPARE(set->files.size(), 1);
        QVERIFY(set->files[0].binary);
        QVERIFY(set->files[0].hunks.isEmpty());
        QCOMPARE(set->files[0].additions, 0);
        QCOMPARE(set->stats().binaryFiles, 1);
        checkPatchMatchesGit(repo, review, head + u"~1"_qs, head);
    }

    void crlfLines()
    {
        Scratch repo;
        const QString head = repo.commitEdit(u"win.txt"_qs, "alpha\r\nbeta\r\ngamma\r\n", "alpha\r\nBETA\r\ngamma\n");
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        const Hunk &h = set->files.value(0).hunks.value(0);
        QCOMPARE(render(h), u"  1 1 alpha\n- 2 -1 beta\n- 3 -1 gamma\n+ -1 2 BETA\n+ -1 3 gamma"_qs);
        QVERIFY(h.lines[0].crlf);
        QVERIFY(h.lines[1].crlf);
        QVERIFY(h.lines[3].crlf);
        QVERIFY(!h.lines[4].crlf);
        // "gamma" lost only its CR: a whitespace-only change with nothing to highlight.
        QCOMPARE(h.lines[2].pairedLine, 4);
        QVERIFY(h.lines[2].whitespaceOnly);
        QVERIFY(h.lines[4].changes.isEmpty());
        QVERIFY(!h.lines[1].whitespaceOnly);
        QCOMPARE(h.lines[3].changes, (QList<TextRange>{ { 0, 4 } }));
        checkCommitAgainstGit(repo, review, head);
    }

    void noNewlineAtEndOfFile()
    {
        Scratch repo;
        repo.write(u"a.txt"_qs, "one\ntwo");
        repo.write(u"b.txt"_qs, "x\ny\n");
        repo.commit(u"base"_qs);
        repo.write(u"a.txt"_qs, "one\nthree");
        repo.write(u"b.txt"_qs, "x\ny");
        const QString head = repo.commit(u"edit"_qs);
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        QCOMPARE(set->files.size(), 2);
        QCOMPARE(render(set->files[0].hunks.value(0)), u"  1 1 one\n- 2 -1 two\n\\ -1 -1 \n+ -1 2 three\n\\ -1 -1 "_qs);
        QCOMPARE(set->files[0].additions, 1);
        QCOMPARE(set->files[0].deletions, 1);
        // Only the final newline went away: the pair is whitespace-only.
        const Hunk &b = set->files[1].hunks.value(0);
        QCOMPARE(render(b), u"  1 1 x\n- 2 -1 y\n+ -1 2 y\n\\ -1 -1 "_qs);
        QCOMPARE(b.lines[1].pairedLine, 2);
        QVERIFY(b.lines[1].whitespaceOnly);
        checkCommitAgainstGit(repo, review, head);
    }

    void unicodeTextAndPaths()
    {
        Scratch repo;
        const QString head = repo.commitEdit(u"daten/grüße.txt"_qs, QStringLiteral("Grüße \U0001F600 aus Köln\n").toUtf8(),
                                             QStringLiteral("Grüße \U0001F601 aus Köln\n").toUtf8(), u"emoji"_qs);
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        const DiffFile &f = set->files.value(0);
        QCOMPARE(f.newPath, u"daten/grüße.txt"_qs);
        const Hunk &h = f.hunks.value(0);
        QCOMPARE(h.lines.size(), 2);
        QCOMPARE(h.lines[0].text, QStringLiteral("Grüße \U0001F600 aus Köln"));
        // The emoji starts at UTF-16 offset 6 and is two units long.
        QCOMPARE(h.lines[0].changes, (QList<TextRange>{ { 6, 2 } }));
        QCOMPARE(h.lines[1].changes, (QList<TextRange>{ { 6, 2 } }));
        checkCommitAgainstGit(repo, review, head);
    }

    void emptyCommit()
    {
        Scratch repo;
        repo.write(u"a.txt"_qs, "a\n");
        repo.commit(u"base"_qs);
        const QString head = repo.commit(u"nothing"_qs);
        QVERIFY(repo.ok());
        const ReviewDiff review(repo.path());
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        QVERIFY(set->files.isEmpty());
        QCOMPARE(set->stats(), DiffStats{});
        const auto patch = review.commitPatch(head);
        REQUIRE_OK(patch);
        QVERIFY(patch->isEmpty());
    }

    // Two attempts of one phase, each a candidate on the same base, kept under the
    // candidate refs: comparing them shows what the builder changed in between.
    void twoAttemptsCompared()
    {
        Scratch repo;
        repo.write(u"src/calc.c"_qs, "int add(int a, int b)\n{\n    return a - b;\n}\n");
        repo.write(u"README"_qs, "calc\n");
        const QString base = repo.commit(u"base"_qs);
        repo.write(u"src/calc.c"_qs, "int add(int a, int b)\n{\n    return a + b;\n}\n");
        const QString first = repo.commit(u"attempt 1"_qs);
        repo.git({ u"update-ref"_qs, u"refs/autopack/candidates/r1/p1/1"_qs, first });
        repo.git({ u"reset"_qs, u"-q"_qs, u"--hard"_qs, base });
        repo.write(u"src/calc.c"_qs, "int add(int a, int b)\n{\n    return b + a;\n}\n");
        repo.write(u"tests/calc_test.c"_qs, "assert(add(1, 2) == 3);\n");
        const QString second = repo.commit(u"attempt 2"_qs);
        repo.git({ u"update-ref"_qs, u"refs/autopack/candidates/r1/p1/2"_qs, second });
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto set = review.between(u"refs/autopack/candidates/r1/p1/1"_qs, u"refs/autopack/candidates/r1/p1/2"_qs);
        REQUIRE_OK(set);
        QCOMPARE(set->oldRevision, first);
        QCOMPARE(set->newRevision, second);
        QCOMPARE(set->files.size(), 2);
        QCOMPARE(set->files[0].path(), u"src/calc.c"_qs);
        QCOMPARE(render(set->files[0].hunks.value(0)),
                 u"  1 1 int add(int a, int b)\n  2 2 {\n- 3 -1     return a + b;\n+ -1 3     return b + a;\n  4 4 }"_qs);
        QCOMPARE(set->files[0].hunks[0].lines[2].changes, (QList<TextRange>{ { 11, 1 }, { 15, 1 } }));
        QCOMPARE(set->files[1].status, DiffFile::Status::Added);
        checkPatchMatchesGit(repo, review, u"refs/autopack/candidates/r1/p1/1"_qs,
                             u"refs/autopack/candidates/r1/p1/2"_qs);

        // Trees compare as well as commits.
        const auto trees = review.between(first + u"^{tree}"_qs, second + u"^{tree}"_qs);
        REQUIRE_OK(trees);
        QCOMPARE(trees->files, set->files);
        QCOMPARE(trees->newRevision, repo.revParse(second + u"^{tree}"_qs));
    }

    void branchAgainstMergeBaseAfterBaseMoved()
    {
        Scratch repo;
        repo.write(u"core.txt"_qs, numbered(1, 10, "core"));
        repo.write(u"other.txt"_qs, "other\n");
        const QString forkPoint = repo.commit(u"base"_qs);
        repo.git({ u"checkout"_qs, u"-q"_qs, u"-b"_qs, u"autonomous/r1"_qs });
        QByteArray core = numbered(1, 10, "core");
        core.replace("core3\n", "core three\n");
        repo.write(u"core.txt"_qs, core);
        repo.commit(u"phase 1"_qs);
        repo.write(u"feature.txt"_qs, "feature\n");
        const QString tip = repo.commit(u"phase 2"_qs);
        repo.git({ u"checkout"_qs, u"-q"_qs, u"main"_qs });
        repo.write(u"other.txt"_qs, "other moved on\n");
        repo.commit(u"base moves on"_qs);
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto set = review.branch(u"autonomous/r1"_qs, u"main"_qs);
        REQUIRE_OK(set);
        QCOMPARE(set->mergeBase, forkPoint);
        QCOMPARE(set->oldRevision, forkPoint);
        QCOMPARE(set->newRevision, tip);
        QCOMPARE(set->files.size(), 2); // other.txt changed only on main: not part of the branch
        QCOMPARE(set->files[0].path(), u"core.txt"_qs);
        QCOMPARE(set->files[1].path(), u"feature.txt"_qs);
        QCOMPARE(set->stats(), (DiffStats{ 2, 2, 1, 0 }));

        const auto patch = review.branchPatch(u"autonomous/r1"_qs, u"main"_qs);
        REQUIRE_OK(patch);
        QCOMPARE(*patch, repo.git({ u"diff"_qs, u"--no-color"_qs, u"main...autonomous/r1"_qs }));

        // Unrelated history has no merge base.
        repo.git({ u"checkout"_qs, u"-q"_qs, u"--orphan"_qs, u"lonely"_qs });
        repo.commit(u"unrelated"_qs);
        QVERIFY(repo.ok());
        const auto unrelated = review.branch(u"lonely"_qs, u"main"_qs);
        QVERIFY(!unrelated);
        QCOMPARE(unrelated.error().kind, GitError::Kind::Refused);
        QVERIFY(unrelated.error().message.contains(u"no common history"_qs));
    }

    void optionsAreHonoured()
    {
        Scratch repo;
        QByteArray edited = numbered(1, 30);
        edited.replace("line10\n", "    line10\n"); // indentation only
        edited.replace("line20\n", "line twenty\n");
        const QString head = repo.commitEdit(u"f.c"_qs, numbered(1, 30), edited);
        QVERIFY(repo.ok());
        const QString parent = head + u"~1"_qs;

        DiffOptions oneLine;
        oneLine.contextLines = 1;
        const auto narrow = ReviewDiff(repo.path(), oneLine).commit(head);
        REQUIRE_OK(narrow);
        QCOMPARE(narrow->files.value(0).hunks.size(), 2);
        QCOMPARE(narrow->files[0].hunks[0].oldStart, 9);
        QCOMPARE(narrow->files[0].hunks[0].oldCount, 3);
        checkPatchMatchesGit(repo, ReviewDiff(repo.path(), oneLine), parent, head, { u"-U1"_qs });

        DiffOptions noContext;
        noContext.contextLines = 0;
        checkPatchMatchesGit(repo, ReviewDiff(repo.path(), noContext), parent, head, { u"-U0"_qs });
        const auto bare = ReviewDiff(repo.path(), noContext).commit(head);
        REQUIRE_OK(bare);
        QCOMPARE(render(bare->files.value(0).hunks.value(0)), u"- 10 -1 line10\n+ -1 10     line10"_qs);

        DiffOptions wide;
        wide.contextLines = 10;
        const auto merged = ReviewDiff(repo.path(), wide).commit(head);
        REQUIRE_OK(merged);
        QCOMPARE(merged->files.value(0).hunks.size(), 1);
        checkPatchMatchesGit(repo, ReviewDiff(repo.path(), wide), parent, head, { u"-U10"_qs });

        DiffOptions ignoreWs;
        ignoreWs.whitespace = DiffOptions::Whitespace::IgnoreAll;
        const auto ws = ReviewDiff(repo.path(), ignoreWs).commit(head);
        REQUIRE_OK(ws);
        QCOMPARE(ws->files.value(0).hunks.size(), 1);
        QCOMPARE(ws->files[0].additions, 1);
        QCOMPARE(ws->files[0].deletions, 1);
        QCOMPARE(ws->files[0].hunks[0].newStart, 17);
        checkPatchMatchesGit(repo, ReviewDiff(repo.path(), ignoreWs), parent, head, { u"-w"_qs });

        // Exact whitespace: the re-indented line pair is flagged whitespace-only.
        const auto exact = ReviewDiff(repo.path()).commit(head);
        REQUIRE_OK(exact);
        const Hunk &first = exact->files.value(0).hunks.value(0);
        QCOMPARE(first.lines[3].text, u"line10"_qs);
        QVERIFY(first.lines[3].whitespaceOnly);
        QVERIFY(first.lines[4].whitespaceOnly);
        QCOMPARE(first.lines[4].changes, (QList<TextRange>{ { 0, 4 } }));

        DiffOptions noWords;
        noWords.wordDiff = false;
        const auto plain = ReviewDiff(repo.path(), noWords).commit(head);
        REQUIRE_OK(plain);
        QCOMPARE(plain->files.value(0).hunks.value(0).lines[4].pairedLine, -1);
        QVERIFY(plain->files[0].hunks[0].lines[4].changes.isEmpty());

        DiffOptions ignoreChange;
        ignoreChange.whitespace = DiffOptions::Whitespace::IgnoreChange;
        checkPatchMatchesGit(repo, ReviewDiff(repo.path(), ignoreChange), parent, head, { u"-b"_qs });
        DiffOptions ignoreEol;
        ignoreEol.whitespace = DiffOptions::Whitespace::IgnoreAtEol;
        checkPatchMatchesGit(repo, ReviewDiff(repo.path(), ignoreEol), parent, head,
                             { u"--ignore-space-at-eol"_qs });
    }

    void pathFilter()
    {
        Scratch repo;
        repo.write(u"src/a.c"_qs, "a\n");
        repo.write(u"src/b.c"_qs, "b\n");
        repo.write(u"docs/x[1].md"_qs, "x\n");
        repo.write(u"docs/x1.md"_qs, "y\n");
        repo.commit(u"base"_qs);
        repo.write(u"src/a.c"_qs, "A\n");
        repo.write(u"docs/x[1].md"_qs, "X\n");
        repo.write(u"docs/x1.md"_qs, "Y\n");
        const QString head = repo.commit(u"edit"_qs);
        QVERIFY(repo.ok());

        auto filesFor = [&](const QStringList &paths) -> QStringList {
            DiffOptions options;
            options.paths = paths;
            const auto set = ReviewDiff(repo.path(), options).commit(head);
            if (!set)
                return { u"error: "_qs + set.error().toString() };
            QStringList names;
            for (const DiffFile &f : set->files)
                names.append(f.path());
            return names;
        };
        QCOMPARE(filesFor({ u"src"_qs }), QStringList{ u"src/a.c"_qs });
        QCOMPARE(filesFor({ u"src/"_qs }), QStringList{ u"src/a.c"_qs });
        QCOMPARE(filesFor({ u"src/b.c"_qs }), QStringList{}); // exists, unchanged
        // Literal, not a glob: "x[1].md" is that file, not x1.md.
        QCOMPARE(filesFor({ u"docs/x[1].md"_qs }), QStringList{ u"docs/x[1].md"_qs });

        DiffOptions missing;
        missing.paths = { u"src/a.c"_qs, u"nothing-here"_qs };
        const auto set = ReviewDiff(repo.path(), missing).commit(head);
        QVERIFY(!set);
        QCOMPARE(set.error().kind, GitError::Kind::NotFound);
        QVERIFY(set.error().message.contains(u"'nothing-here'"_qs));
        const auto patch = ReviewDiff(repo.path(), missing).commitPatch(head);
        QVERIFY(!patch);
        QCOMPARE(patch.error().kind, GitError::Kind::NotFound);
    }

    void copiesWhenAsked()
    {
        Scratch repo;
        repo.write(u"orig.txt"_qs, numbered(1, 30, "orig"));
        repo.commit(u"base"_qs);
        QByteArray modified = numbered(1, 30, "orig");
        modified.replace("orig30\n", "orig thirty\n");
        repo.write(u"orig.txt"_qs, modified);
        repo.write(u"copy.txt"_qs, numbered(1, 30, "orig"));
        const QString head = repo.commit(u"copy"_qs);
        QVERIFY(repo.ok());

        DiffOptions copies;
        copies.detectCopies = true;
        const ReviewDiff review(repo.path(), copies);
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        QCOMPARE(set->files.size(), 2);
        QCOMPARE(set->files[0].status, DiffFile::Status::Copied);
        QCOMPARE(set->files[0].oldPath, u"orig.txt"_qs);
        QCOMPARE(set->files[0].newPath, u"copy.txt"_qs);
        QCOMPARE(set->files[0].similarity, 100);
        QCOMPARE(set->files[1].status, DiffFile::Status::Modified);
        checkPatchMatchesGit(repo, review, head + u"~1"_qs, head, { u"-C"_qs });
        // Without the option the copy is an addition.
        const auto plain = ReviewDiff(repo.path()).commit(head);
        REQUIRE_OK(plain);
        QCOMPARE(plain->files.value(0).status, DiffFile::Status::Added);
    }

    void submoduleEntry()
    {
        Scratch repo;
        repo.write(u"a.txt"_qs, "a\n");
        const QString base = repo.commit(u"base"_qs);
        // A gitlink entry pointing at some commit, as a submodule would record it.
        repo.git({ u"update-index"_qs, u"--add"_qs, u"--cacheinfo"_qs, u"160000,"_qs + base + u",vendor/lib"_qs });
        repo.git({ u"commit"_qs, u"-q"_qs, u"-m"_qs, u"submodule"_qs });
        const QString head = repo.revParse(u"HEAD"_qs);
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        QCOMPARE(set->files.size(), 1);
        QCOMPARE(set->files[0].newMode, 0160000u);
        QCOMPARE(set->files[0].status, DiffFile::Status::Added);
        checkPatchMatchesGit(repo, review, head + u"~1"_qs, head);
    }

    void tooLargeFileKeepsStatsOnly()
    {
        Scratch repo;
        repo.write(u"big.txt"_qs, numbered(1, 2000));
        repo.write(u"small.txt"_qs, "s\n");
        repo.commit(u"base"_qs);
        QByteArray big = numbered(1, 2000);
        big.replace("line1000\n", "line one thousand\n");
        big += "extra\n";
        repo.write(u"big.txt"_qs, big);
        repo.write(u"small.txt"_qs, "small\n");
        const QString head = repo.commit(u"edit"_qs);
        QVERIFY(repo.ok());

        DiffOptions limited;
        limited.maxFileBytes = 4096;
        const ReviewDiff review(repo.path(), limited);
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        QCOMPARE(set->files.size(), 2);
        const DiffFile &bigFile = set->files[0];
        QVERIFY(bigFile.tooLarge);
        QVERIFY(bigFile.hunks.isEmpty());
        QCOMPARE(bigFile.additions, 2);
        QCOMPARE(bigFile.deletions, 1);
        QVERIFY(!set->files[1].tooLarge);
        QCOMPARE(set->files[1].hunks.size(), 1);
        // The patch text is never cut.
        checkPatchMatchesGit(repo, review, head + u"~1"_qs, head);

        // The viewer asks for the one file alone with no limit to show it.
        DiffOptions one;
        one.paths = { u"big.txt"_qs };
        one.maxFileBytes = 0;
        const auto full = ReviewDiff(repo.path(), one).commit(head);
        REQUIRE_OK(full);
        QCOMPARE(full->files.size(), 1);
        QVERIFY(!full->files[0].tooLarge);
        QCOMPARE(full->files[0].hunks.size(), 2);
    }

    void blobContentForContextExpansion()
    {
        Scratch repo;
        repo.write(u"a.txt"_qs, "first\nsecond\n");
        const QString head = repo.commit(u"base"_qs);
        QVERIFY(repo.ok());
        const ReviewDiff review(repo.path());
        const auto set = review.commit(head);
        REQUIRE_OK(set);
        const auto content = review.blob(set->files.value(0).newId);
        REQUIRE_OK(content);
        QCOMPARE(*content, QByteArray("first\nsecond\n"));
        const auto notBlob = review.blob(head);
        QVERIFY(!notBlob);
        QVERIFY(notBlob.error().message.contains(u"not a blob"_qs));
    }

    void missingThingsAreNamed()
    {
        Scratch repo;
        repo.write(u"a.txt"_qs, "a\n");
        const QString head = repo.commit(u"base"_qs);
        QVERIFY(repo.ok());

        const QString missingDir = repo.path() + u"/no/such/repo"_qs;
        const auto noRepo = ReviewDiff(missingDir).commit(head);
        QVERIFY(!noRepo);
        QCOMPARE(noRepo.error().kind, GitError::Kind::NotFound);
        QVERIFY(noRepo.error().toString().contains(missingDir));

        QTemporaryDir plainDir;
        const auto notRepo = ReviewDiff(plainDir.path()).commit(head);
        QVERIFY(!notRepo);
        QCOMPARE(notRepo.error().kind, GitError::Kind::NotFound);
        QVERIFY(notRepo.error().toString().contains(u"not a git repository"_qs));

        const ReviewDiff review(repo.path());
        const auto noRev = review.commit(u"refs/autopack/candidates/r9/p9/1"_qs);
        QVERIFY(!noRev);
        QCOMPARE(noRev.error().kind, GitError::Kind::NotFound);
        QVERIFY(noRev.error().message.contains(u"refs/autopack/candidates/r9/p9/1"_qs));

        const auto noOld = review.between(u"deadbeefdeadbeefdeadbeefdeadbeefdeadbeef"_qs, head);
        QVERIFY(!noOld);
        QCOMPARE(noOld.error().kind, GitError::Kind::NotFound);
        QVERIFY(noOld.error().message.contains(u"deadbeef"_qs));

        const auto noBranch = review.branch(u"autonomous/missing"_qs, u"main"_qs);
        QVERIFY(!noBranch);
        QCOMPARE(noBranch.error().kind, GitError::Kind::NotFound);
        QVERIFY(noBranch.error().message.contains(u"autonomous/missing"_qs));
        const auto noBase = review.branchPatch(u"main"_qs, u"trunk"_qs);
        QVERIFY(!noBase);
        QCOMPARE(noBase.error().kind, GitError::Kind::NotFound);
        QVERIFY(noBase.error().message.contains(u"trunk"_qs));

        const auto treeAsCommit = review.commit(head + u"^{tree}"_qs);
        QVERIFY(!treeAsCommit);
        QVERIFY(treeAsCommit.error().message.contains(u"not a commit"_qs));
        const auto blobAsTree = review.between(head + u":a.txt"_qs, head);
        QVERIFY(!blobAsTree);
        QCOMPARE(blobAsTree.error().kind, GitError::Kind::Refused);
        QVERIFY(blobAsTree.error().message.contains(u"is a blob, not a commit or tree"_qs));
        const auto empty = review.commit(QString());
        QVERIFY(!empty);
        QVERIFY(empty.error().message.contains(u"empty"_qs));
    }

    // Review diffs only read: refs, index, HEAD and working tree stay as they were,
    // and the object database stays consistent.
    void readsOnly()
    {
        Scratch repo;
        const QString head = repo.commitEdit(u"a.txt"_qs, "a\n", "b\n");
        repo.write(u"a.txt"_qs, "dirty working tree\n");
        repo.write(u"untracked.txt"_qs, "u\n");
        QVERIFY(repo.ok());
        const QByteArray statusBefore = repo.git({ u"status"_qs, u"--porcelain"_qs });
        const QByteArray refsBefore = repo.git({ u"show-ref"_qs });
        const QByteArray objectsBefore = repo.git({ u"count-objects"_qs, u"-v"_qs });

        const ReviewDiff review(repo.path());
        REQUIRE_OK(review.commit(head));
        REQUIRE_OK(review.commitPatch(head));
        REQUIRE_OK(review.branch(u"main"_qs, u"main~1"_qs));

        QCOMPARE(repo.git({ u"status"_qs, u"--porcelain"_qs }), statusBefore);
        QCOMPARE(repo.git({ u"show-ref"_qs }), refsBefore);
        QCOMPARE(repo.git({ u"count-objects"_qs, u"-v"_qs }), objectsBefore);
        repo.git({ u"fsck"_qs, u"--strict"_qs });
        QVERIFY(repo.ok());
    }

    void cancelledBeforeTheFirstFile()
    {
        Scratch repo;
        repo.write(u"a.txt"_qs, "a\n");
        const QString head = repo.commit(u"base"_qs);
        QVERIFY(repo.ok());
        std::stop_source stop;
        DiffOptions options;
        options.stopToken = stop.get_token();
        stop.request_stop();
        const auto set = ReviewDiff(repo.path(), options).commit(head);
        QVERIFY(!set);
        QCOMPARE(set.error().message, u"cancelled"_qs);
    }

    void progressAndCancelBetweenFiles()
    {
        Scratch repo;
        for (int i = 0; i < 5; ++i)
            repo.write(QStringLiteral("f%1.txt").arg(i), "x\n");
        const QString head = repo.commit(u"five files"_qs);
        QVERIFY(repo.ok());

        QList<QPair<int, int>> calls;
        DiffOptions options;
        options.progress = [&](int done, int total) { calls.append({ done, total }); };
        REQUIRE_OK(ReviewDiff(repo.path(), options).commit(head));
        QCOMPARE(calls, (QList<QPair<int, int>>{ { 1, 5 }, { 2, 5 }, { 3, 5 }, { 4, 5 }, { 5, 5 } }));

        // A stop requested from the progress callback ends the call at the next file.
        std::stop_source stop;
        options.stopToken = stop.get_token();
        calls.clear();
        options.progress = [&](int done, int total) {
            calls.append({ done, total });
            if (done == 2)
                stop.request_stop();
        };
        const auto stopped = ReviewDiff(repo.path(), options).commit(head);
        QVERIFY(!stopped);
        QCOMPARE(stopped.error().message, u"cancelled"_qs);
        QCOMPARE(calls.size(), 2);
    }

    // One ReviewDiff shared by threads: each call opens its own repository.
    void concurrentCallsAgree()
    {
        Scratch repo;
        QByteArray edited = numbered(1, 200);
        for (int i = 5; i <= 200; i += 20)
            edited.replace(QByteArray("line" + QByteArray::number(i) + '\n'),
                           QByteArray("changed " + QByteArray::number(i) + '\n'));
        const QString head = repo.commitEdit(u"f.txt"_qs, numbered(1, 200), edited);
        QVERIFY(repo.ok());

        const ReviewDiff review(repo.path());
        const auto expected = review.commit(head);
        REQUIRE_OK(expected);
        std::vector<int> agree(4, 0);
        {
            std::vector<std::jthread> threads;
            for (int t = 0; t < 4; ++t) {
                threads.emplace_back([&, t] {
                    for (int i = 0; i < 10; ++i) {
                        const auto set = review.commit(head);
                        agree[size_t(t)] += set && *set == *expected;
                    }
                });
            }
        }
        for (int n : agree)
            QCOMPARE(n, 10);
    }
};

QTEST_GUILESS_MAIN(TestReviewDiff)
#include "tst_reviewdiff.moc"
