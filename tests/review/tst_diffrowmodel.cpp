#include "difffixtures.h"
#include "diffrowmodel.h"

#include <QTest>

using namespace Autopack::DiffUi;
using namespace Autopack::Git;
using Kind = DiffRow::Kind;

namespace {

// The model printed one row a line, for golden comparisons.
QString dump(const DiffRowModel &model)
{
    QStringList out;
    for (int i = 0; i < model.rowCount(); ++i) {
        const DiffRow &row = model.row(i);
        switch (row.kind) {
        case Kind::FileHeader:
            out.append(QStringLiteral("F ") + model.rowText(i));
            break;
        case Kind::Collapsed:
            out.append(QStringLiteral("C"));
            break;
        case Kind::HunkHeader:
            out.append(QStringLiteral("H ") + model.rowText(i));
            break;
        case Kind::ExpandedContext:
            out.append(QStringLiteral("X %1 %2 %3").arg(row.left).arg(row.right).arg(model.rowText(i)));
            break;
        case Kind::Line:
            out.append(QStringLiteral("L ") + model.rowText(i));
            break;
        }
    }
    return out.join(u'\n');
}

} // namespace

class tst_DiffRowModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void unifiedRowsOfEveryKind()
    {
        DiffRowModel model;
        model.setFiles(DiffFixtures::mixedDiff());
        const QString expected = QStringLiteral(R"(F src/main.cpp
H @@ -10,4 +10,4 @@ int main()
L  int main()
L  {
L -    return compute(1, 2);
L +    return compute(1, 3);
L  }
H @@ -40,3 +40,4 @@
L  a
L -	b = 1;
L +    b = 1;
L +c
L  d
F new.txt
H @@ -0,0 +1,2 @@
L +hello
L +world
F old.txt
H @@ -1,1 +0,0 @@
L -bye
F docs/before.md → docs/after.md
H @@ -3,3 +3,3 @@
L  x
L -y
L +Y
L  z
F run.sh
F logo.png
C
F win.txt
H @@ -1,2 +1,2 @@
L -line one
L +line one
L  two
F tail.txt
H @@ -5,2 +5,3 @@
L  e
L -f
L \ No newline at end of file
L +f
L +g
L \ No newline at end of file)");
        QCOMPARE(dump(model), expected);
        // The binary file is one collapsed row; the mode-only change has no rows but its header.
        QVERIFY(model.isCollapsed(5));
        QVERIFY(!model.isCollapsed(4));
        QCOMPARE(model.fileRow(4) + 1, model.fileRow(5));
    }

    void sideBySidePairsRunsAndKeepsMarkersWithTheirLine()
    {
        DiffRowModel model;
        model.setFiles({ DiffFixtures::mixedDiff().at(0), DiffFixtures::mixedDiff().at(7) });
        model.setMode(DiffMode::SideBySide);
        const QString expected = QStringLiteral("F src/main.cpp\n"
                                                "H @@ -10,4 +10,4 @@ int main()\n"
                                                "L  int main()\n"
                                                "L  {\n"
                                                "L -    return compute(1, 2);\t+    return compute(1, 3);\n"
                                                "L  }\n"
                                                "H @@ -40,3 +40,4 @@\n"
                                                "L  a\n"
                                                "L -\tb = 1;\t+    b = 1;\n"
                                                "L \t+c\n"
                                                "L  d\n"
                                                "F tail.txt\n"
                                                "H @@ -5,2 +5,3 @@\n"
                                                "L  e\n"
                                                "L -f\t+f\n"
                                                "L \\ No newline at end of file\t+g\n"
                                                "L \t\\ No newline at end of file");
        QCOMPARE(dump(model), expected);
    }

    void intralineAndWhitespaceOnlyComeFromTheDiffLines()
    {
        DiffRowModel model;
        model.setFiles(DiffFixtures::mixedDiff());
        const DiffRow &removed = model.row(4); // "-    return compute(1, 2);"
        const DiffLine *line = model.leftLine(removed);
        QVERIFY(line);
        QCOMPARE(line->changes, (QList<TextRange> { { 22, 1 } }));
        const DiffLine *tabs = model.leftLine(model.row(9)); // "-\tb = 1;"
        QVERIFY(tabs->whitespaceOnly);
        const DiffLine *crlf = model.leftLine(model.row(model.fileRow(6) + 3)); // "+line one\r"
        QVERIFY(crlf->crlf);
        QVERIFY(crlf->whitespaceOnly);
    }

    void modeSwitchKeepsTheAnchorRow_data()
    {
        QTest::addColumn<int>("unifiedRow");
        QTest::newRow("context") << 3;
        QTest::newRow("removed") << 4;
        QTest::newRow("added") << 5;
        QTest::newRow("added after the pair") << 11;
        QTest::newRow("hunk header") << 7;
        QTest::newRow("file header") << 13;
        QTest::newRow("header of a mode-only change") << 26;
        QTest::newRow("no newline marker") << 39;
    }
    void modeSwitchKeepsTheAnchorRow()
    {
        QFETCH(int, unifiedRow);
        DiffRowModel model;
        model.setFiles(DiffFixtures::mixedDiff());
        const QString text = model.rowText(unifiedRow);
        const RowAnchor anchor = model.anchorAt(unifiedRow);
        model.setMode(DiffMode::SideBySide);
        const int sideRow = model.rowFor(anchor);
        QVERIFY2(model.rowText(sideRow).contains(text), qPrintable(model.rowText(sideRow) + " / " + text));
        model.setMode(DiffMode::Unified);
        QCOMPARE(model.rowFor(model.anchorAt(sideRow)) <= unifiedRow, true);
        QCOMPARE(model.rowText(model.rowFor(anchor)), text);
    }

    void navigationVisitsHunksAndFiles()
    {
        DiffRowModel model;
        model.setFiles(DiffFixtures::mixedDiff());
        QCOMPARE(model.nextHunkRow(0), 1);
        QCOMPARE(model.nextHunkRow(1), 7);
        QCOMPARE(model.nextHunkRow(7), 13); // the next file header
        QCOMPARE(model.previousHunkRow(7), 1);
        QCOMPARE(model.previousHunkRow(0), -1);
        QCOMPARE(model.nextFileRow(0), 13);
        QCOMPARE(model.previousFileRow(13), 0);
        QCOMPARE(model.nextFileRow(model.fileRow(7)), -1);
    }

    void hugeFilesStartCollapsedAndExpandOnRequest()
    {
        DiffRowModel model;
        model.setHugeFileLines(50);
        model.setFiles(DiffFixtures::manyHunks(2, 200, 20));
        QVERIFY(model.isCollapsed(0));
        QCOMPARE(model.rowCount(), 4); // two headers, two collapsed rows
        model.setCollapsed(1, false);
        QVERIFY(model.rowCount() > 50);
        QCOMPARE(model.row(2).kind, Kind::FileHeader);
        QCOMPARE(model.row(3).kind, Kind::HunkHeader);
    }

    void contextExpansionStopsAtThePreviousHunk()
    {
        DiffRowModel model;
        const DiffFile file = DiffFixtures::mixedDiff().at(0);
        model.setFiles({ file });
        QStringList content;
        for (int i = 1; i <= 60; ++i)
            content.append(QStringLiteral("line %1").arg(i));
        model.setExpandedAbove(0, 0, 3, content);
        QCOMPARE(model.row(2).kind, Kind::ExpandedContext);
        QCOMPARE(model.rowText(2), QStringLiteral(" line 7"));
        QCOMPARE(model.row(2).left, 7);
        QCOMPARE(model.row(2).right, 7);
        QCOMPARE(model.rowText(4), QStringLiteral(" line 9"));
        QCOMPARE(model.row(5).kind, Kind::Line);
        // Above the second hunk (40..): from line 14 on, the first one ends at 13.
        model.setExpandedAbove(0, 1, 100, content);
        const int header = model.nextHunkRow(1);
        QCOMPARE(model.rowText(header + 1), QStringLiteral(" line 14"));
        QCOMPARE(model.rowText(header + 26), QStringLiteral(" line 39"));
        QCOMPARE(model.row(header + 27).kind, Kind::Line);
    }

    void editorLinePrefersTheNewSide()
    {
        DiffRowModel model;
        model.setFiles(DiffFixtures::mixedDiff());
        QCOMPARE(model.editorLine(3), 11); // " {": new line 11
        QCOMPARE(model.editorLine(4), 12); // removed: its old line
        QCOMPARE(model.editorLine(5), 12); // added: new line 12
        QCOMPARE(model.editorLine(1), 10); // hunk header: the hunk start
    }
};

QTEST_GUILESS_MAIN(tst_DiffRowModel)
#include "tst_diffrowmodel.moc"
