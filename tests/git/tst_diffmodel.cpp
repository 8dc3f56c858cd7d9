#include "diffmodel.h"

#include <QTest>

using namespace Autopack::Git;

class TestDiffModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusNames_data()
    {
        QTest::addColumn<DiffFile::Status>("status");
        QTest::addColumn<QString>("name");
        QTest::newRow("added") << DiffFile::Status::Added << u"added"_qs;
        QTest::newRow("modified") << DiffFile::Status::Modified << u"modified"_qs;
        QTest::newRow("deleted") << DiffFile::Status::Deleted << u"deleted"_qs;
        QTest::newRow("renamed") << DiffFile::Status::Renamed << u"renamed"_qs;
        QTest::newRow("copied") << DiffFile::Status::Copied << u"copied"_qs;
        QTest::newRow("type-changed") << DiffFile::Status::TypeChanged << u"type-changed"_qs;
    }

    void statusNames()
    {
        QFETCH(DiffFile::Status, status);
        QTEST(statusName(status), "name");
    }

    void lineKindNames()
    {
        QCOMPARE(lineKindName(DiffLine::Kind::Context), u"context"_qs);
        QCOMPARE(lineKindName(DiffLine::Kind::Added), u"added"_qs);
        QCOMPARE(lineKindName(DiffLine::Kind::Removed), u"removed"_qs);
        QCOMPARE(lineKindName(DiffLine::Kind::NoNewline), u"no-newline"_qs);
    }

    void statsSumFiles()
    {
        DiffSet set;
        QCOMPARE(set.stats(), DiffStats{});

        DiffFile a;
        a.additions = 3;
        a.deletions = 1;
        DiffFile b;
        b.binary = true;
        DiffFile c;
        c.tooLarge = true;
        c.additions = 100;
        c.deletions = 50;
        set.files = { a, b, c };
        const DiffStats s = set.stats();
        QCOMPARE(s.files, 3);
        QCOMPARE(s.additions, 103);
        QCOMPARE(s.deletions, 51);
        QCOMPARE(s.binaryFiles, 1);
        QCOMPARE(diffStats(set.files), s);
    }

    void pathAndModeChange()
    {
        DiffFile f;
        f.oldPath = u"old/name.txt"_qs;
        f.newPath = u"new/name.txt"_qs;
        f.status = DiffFile::Status::Renamed;
        QCOMPARE(f.path(), u"new/name.txt"_qs);
        f.status = DiffFile::Status::Deleted;
        QCOMPARE(f.path(), u"old/name.txt"_qs);

        f.oldMode = 0100644;
        f.newMode = 0100644;
        QVERIFY(!f.modeChanged());
        f.newMode = 0100755;
        QVERIFY(f.modeChanged());
        f.oldMode = 0; // added files have no old mode: not a mode change
        QVERIFY(!f.modeChanged());
    }

    void lineMappingWithoutKnownHunks()
    {
        DiffFile renamed; // a pure rename or mode change: no hunks, lines stay put
        renamed.status = DiffFile::Status::Renamed;
        QCOMPARE(renamed.newLineFor(7), 7);
        QCOMPARE(renamed.oldLineFor(7), 7);

        DiffFile binary;
        binary.binary = true;
        QCOMPARE(binary.newLineFor(1), -1);
        DiffFile large;
        large.tooLarge = true;
        QCOMPARE(large.oldLineFor(1), -1);
        DiffFile added;
        added.status = DiffFile::Status::Added;
        QCOMPARE(added.newLineFor(1), -1);
    }

    void lineMappingAroundPureInsertion()
    {
        // "@@ -3,0 +4,2 @@": two lines inserted after old line 3 (zero context).
        DiffFile f;
        Hunk h;
        h.oldStart = 3;
        h.oldCount = 0;
        h.newStart = 4;
        h.newCount = 2;
        DiffLine a;
        a.kind = DiffLine::Kind::Added;
        a.newLine = 4;
        DiffLine b = a;
        b.newLine = 5;
        h.lines = { a, b };
        f.hunks = { h };
        QCOMPARE(f.newLineFor(3), 3);
        QCOMPARE(f.newLineFor(4), 6);
        QCOMPARE(f.oldLineFor(4), -1);
        QCOMPARE(f.oldLineFor(5), -1);
        QCOMPARE(f.oldLineFor(6), 4);
        QCOMPARE(f.oldLineFor(3), 3);
    }

    void unifiedTextOfAHunk()
    {
        Hunk h;
        h.header = u"@@ -1,2 +1,2 @@ section"_qs;
        auto line = [](DiffLine::Kind kind, const QString &text, bool crlf = false) {
            DiffLine l;
            l.kind = kind;
            l.text = text;
            l.crlf = crlf;
            return l;
        };
        h.lines = { line(DiffLine::Kind::Context, u"keep"_qs, true), line(DiffLine::Kind::Removed, u"old"_qs),
                    line(DiffLine::Kind::NoNewline, QString()), line(DiffLine::Kind::Added, u"new"_qs) };
        QCOMPARE(unifiedText(h),
                 u"@@ -1,2 +1,2 @@ section\n keep\r\n-old\n\\ No newline at end of file\n+new\n"_qs);
    }

    void textRangeEnd()
    {
        const TextRange r{ 4, 3 };
        QCOMPARE(r.end(), 7);
        QCOMPARE(r, (TextRange{ 4, 3 }));
        QVERIFY(r != (TextRange{ 4, 2 }));
    }
};

QTEST_GUILESS_MAIN(TestDiffModel)
#include "tst_diffmodel.moc"
