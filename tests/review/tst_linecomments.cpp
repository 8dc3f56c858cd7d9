// LineComments: comments only on lines of the diff, the rejection reason quoting each
// hunk, and comments moved onto a newer attempt where their lines still exist.

#include "linecomments.h"

#include <QTest>

using namespace Autopack;
using namespace Autopack::Ui;
using Git::DiffFile;
using Git::DiffLine;
using Git::Hunk;

namespace {

DiffLine line(DiffLine::Kind kind, int oldLine, int newLine, const QString &text)
{
    DiffLine l;
    l.kind = kind;
    l.oldLine = oldLine;
    l.newLine = newLine;
    l.text = text;
    return l;
}

// a.cpp: lines 10..12 of old, line 11 replaced by two lines (new 10..13).
DiffFile modified()
{
    DiffFile f;
    f.oldPath = f.newPath = QStringLiteral("src/a.cpp");
    Hunk h;
    h.oldStart = 10;
    h.oldCount = 3;
    h.newStart = 10;
    h.newCount = 4;
    h.header = QStringLiteral("@@ -10,3 +10,4 @@ int main()");
    h.lines = { line(DiffLine::Kind::Context, 10, 10, "int a;"), line(DiffLine::Kind::Removed, 11, -1, "int b;"),
        line(DiffLine::Kind::Added, -1, 11, "long b;"), line(DiffLine::Kind::Added, -1, 12, "long c;"),
        line(DiffLine::Kind::Context, 12, 13, "return 0;") };
    f.hunks = { h };
    f.additions = 2;
    f.deletions = 1;
    return f;
}

} // namespace

class TestLineComments : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void onlyLinesOfTheDiff()
    {
        LineComments c;
        QVERIFY(c.add(modified(), 11, QStringLiteral("  why long?  "), QStringLiteral("abc")));
        QCOMPARE(c.comments().size(), 1);
        QCOMPARE(c.comments().first().text, QStringLiteral("why long?"));
        QCOMPARE(c.comments().first().candidateCommit, QStringLiteral("abc"));

        auto outside = c.add(modified(), 40, QStringLiteral("x"), {});
        QVERIFY(!outside);
        QVERIFY2(outside.error().contains("40") && outside.error().contains("src/a.cpp"), qPrintable(outside.error()));
        auto blank = c.add(modified(), 12, QStringLiteral("   "), {});
        QVERIFY(!blank);
        QVERIFY2(blank.error().contains("src/a.cpp:12"), qPrintable(blank.error()));
        QCOMPARE(c.comments().size(), 1); // nothing half-added
        QCOMPARE(LineComments::hunkOf(modified(), 13), 0);
        QCOMPARE(LineComments::hunkOf(modified(), 9), -1);
    }

    void reasonQuotesEachHunk()
    {
        LineComments c;
        QCOMPARE(c.rejectionReason(QStringLiteral("  ")), QString());
        QVERIFY(c.add(modified(), 11, QStringLiteral("use int"), {}));
        QVERIFY(c.add(modified(), 13, QStringLiteral("return 1"), {}));
        const QString reason = c.rejectionReason(QStringLiteral("Two problems."));
        QVERIFY(reason.startsWith(
            QStringLiteral("Two problems.\n\nsrc/a.cpp:11: use int\n@@ -10,3 +10,4 @@ int main()\n")));
        QVERIFY2(reason.contains(QStringLiteral("\n-int b;\n+long b;\n+long c;\n return 0;")), qPrintable(reason));
        QVERIFY(reason.contains(QStringLiteral("src/a.cpp:13: return 1\n@@ -10,3")));
        const auto stored = c.reviewComments();
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored.at(1).path, QStringLiteral("src/a.cpp"));
        QCOMPARE(stored.at(1).line, 13);
        QVERIFY(stored.at(1).text.startsWith(QStringLiteral("return 1\n@@ -10,3 +10,4 @@")));
        c.remove(0);
        QCOMPARE(c.comments().size(), 1);
        QCOMPARE(c.commentsOn(QStringLiteral("src/a.cpp")).first().line, 13);
    }

    void carriedOverWhereLinesStillExist()
    {
        // Older attempt's new side: lines 10..13; the newer attempt inserts two lines
        // above line 5 and rewrites line 11.
        DiffFile change;
        change.oldPath = change.newPath = QStringLiteral("src/a.cpp");
        Hunk above;
        above.oldStart = 5;
        above.oldCount = 1;
        above.newStart = 5;
        above.newCount = 3;
        above.lines = { line(DiffLine::Kind::Context, 5, 5, "x"), line(DiffLine::Kind::Added, -1, 6, "y"),
            line(DiffLine::Kind::Added, -1, 7, "z") };
        Hunk rewrite;
        rewrite.oldStart = 11;
        rewrite.oldCount = 1;
        rewrite.newStart = 13;
        rewrite.newCount = 1;
        rewrite.lines
            = { line(DiffLine::Kind::Removed, 11, -1, "long b;"), line(DiffLine::Kind::Added, -1, 13, "int b;") };
        change.hunks = { above, rewrite };

        const QList<LineComment> older { { "src/a.cpp", 11, "gone", {}, "old" }, { "src/a.cpp", 12, "kept", {}, "old" },
            { "other.cpp", 3, "untouched", {}, "old" } };
        const auto moved = LineComments::carriedOver(older, { change }, QStringLiteral("new"));
        QCOMPARE(moved.size(), 2);
        QCOMPARE(moved.at(0).text, QStringLiteral("kept"));
        QCOMPARE(moved.at(0).line, 14);
        QCOMPARE(moved.at(0).candidateCommit, QStringLiteral("new"));
        QCOMPARE(moved.at(1).path, QStringLiteral("other.cpp"));
        QCOMPARE(moved.at(1).line, 3);
    }
};

QTEST_GUILESS_MAIN(TestLineComments)
#include "tst_linecomments.moc"
