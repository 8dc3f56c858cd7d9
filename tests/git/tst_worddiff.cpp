#include "worddiff.h"

#include <QTest>

using namespace Autopack::Git;

namespace {

// Ranges as "offset+length offset+length", the golden form of the _data() rows.
QString format(const QList<TextRange> &ranges)
{
    QStringList parts;
    for (const TextRange &r : ranges)
        parts.append(QStringLiteral("%1+%2").arg(r.offset).arg(r.length));
    return parts.join(QLatin1Char(' '));
}

// The tokens of a line joined by '|', to read token boundaries at a glance.
QString tokensOf(const QString &line)
{
    QStringList parts;
    for (const TextRange &r : WordDiff::tokenize(line))
        parts.append(line.mid(r.offset, r.length));
    return parts.join(QLatin1Char('|'));
}

DiffLine line(DiffLine::Kind kind, const QString &text, bool crlf = false)
{
    DiffLine l;
    l.kind = kind;
    l.text = text;
    l.crlf = crlf;
    return l;
}

} // namespace

class TestWordDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokenize_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("tokens");

        QTest::newRow("identifiers and punctuation") << u"foo_bar  = x1;"_qs << u"foo_bar|  |=| |x1|;"_qs;
        QTest::newRow("each punctuation char alone") << u"a->b(); "_qs << u"a|-|>|b|(|)|;| "_qs;
        QTest::newRow("tabs and spaces are one run") << u"\t  x"_qs << u"\t  |x"_qs;
        QTest::newRow("letters beyond ASCII") << u"Grüße, Welt"_qs << u"Grüße|,| |Welt"_qs;
        QTest::newRow("surrogate pair is one token") << u"a😀😁b"_qs << u"a|😀|😁|b"_qs;
        QTest::newRow("combining mark stays in its word") << u"e\u0301t\u00e9 x"_qs << u"e\u0301t\u00e9| |x"_qs;
        QTest::newRow("empty") << QString() << QString();
    }

    void tokenize()
    {
        QFETCH(QString, line);
        QFETCH(QString, tokens);
        QCOMPARE(tokensOf(line), tokens);
        // Tokens cover the line exactly, in order.
        int next = 0;
        for (const TextRange &r : WordDiff::tokenize(line)) {
            QCOMPARE(r.offset, next);
            QVERIFY(r.length > 0);
            next = r.end();
        }
        QCOMPARE(next, int(line.size()));
    }

    void compare_data()
    {
        QTest::addColumn<QString>("oldLine");
        QTest::addColumn<QString>("newLine");
        QTest::addColumn<QString>("oldRanges");
        QTest::addColumn<QString>("newRanges");
        QTest::addColumn<bool>("whitespaceOnly");
        QTest::addColumn<bool>("wholeLine");
        QTest::addColumn<int>("maxLineLength");
        QTest::addColumn<int>("maxEditTokens");

        const WordDiffOptions d;
        auto row = [&](const char *name, const QString &o, const QString &n, const QString &oldRanges,
                       const QString &newRanges, bool ws = false, bool whole = false, int maxLen = -1,
                       int maxEdit = -1) {
            QTest::newRow(name) << o << n << oldRanges << newRanges << ws << whole
                                << (maxLen < 0 ? d.maxLineLength : maxLen) << (maxEdit < 0 ? d.maxEditTokens : maxEdit);
        };

        row("equal lines", u"int x = 1;"_qs, u"int x = 1;"_qs, QString(), QString());
        row("one number changed", u"int x = 1;"_qs, u"int x = 2;"_qs, u"8+1"_qs, u"8+1"_qs);
        row("identifier renamed", u"return value;"_qs, u"return newValue;"_qs, u"7+5"_qs, u"7+8"_qs);
        row("whole identifier, not its common letters", u"my_var"_qs, u"my_val"_qs, u"0+6"_qs, u"0+6"_qs);
        row("word inserted", u"a b"_qs, u"a x b"_qs, QString(), u"2+2"_qs);
        row("word deleted", u"a x b"_qs, u"a b"_qs, u"2+2"_qs, QString());
        row("two separate changes", u"f(a, b, c)"_qs, u"f(x, b, y)"_qs, u"2+1 8+1"_qs, u"2+1 8+1"_qs);
        row("adjacent changed tokens merge", u"x = a.b;"_qs, u"x = c->d;"_qs, u"4+3"_qs, u"4+4"_qs);
        row("punctuation only", u"a.b"_qs, u"a,b"_qs, u"1+1"_qs, u"1+1"_qs);
        row("nothing in common", u"hello"_qs, u"world"_qs, u"0+5"_qs, u"0+5"_qs);
        row("from empty", QString(), u"x"_qs, QString(), u"0+1"_qs);
        row("to empty", u"x y"_qs, QString(), u"0+3"_qs, QString());
        row("spacing changed", u"foo(a, b)"_qs, u"foo(a,  b)"_qs, u"6+1"_qs, u"6+2"_qs, true);
        row("tab to spaces", u"\tfoo();"_qs, u"    foo();"_qs, u"0+1"_qs, u"0+4"_qs, true);
        row("trailing space added", u"x;"_qs, u"x; "_qs, QString(), u"2+1"_qs, true);
        row("space removed between tokens", u"a = b"_qs, u"a=b"_qs, u"1+1 3+1"_qs, QString(), true);
        row("reordered words", u"alpha beta gamma"_qs, u"gamma beta alpha"_qs, u"0+5 11+5"_qs, u"0+5 11+5"_qs);
        row("unicode in UTF-16 units", u"café = 1"_qs, u"café = 2"_qs, u"7+1"_qs, u"7+1"_qs);
        row("emoji is two units", u"x = \U0001F600;"_qs, u"x = \U0001F601;"_qs, u"4+2"_qs, u"4+2"_qs);
        row("over the edit bound: differing middle whole", u"k(a b c d)"_qs, u"k(w x y z)"_qs, u"2+7"_qs,
            u"2+7"_qs, false, true, -1, 2);
        row("within the edit bound", u"k(a b c d)"_qs, u"k(w b c d)"_qs, u"2+1"_qs, u"2+1"_qs, false, false, -1, 2);
        row("over the length limit: whole line", u"int x = 1;"_qs, u"int x = 2;"_qs, u"0+10"_qs, u"0+10"_qs, false,
            true, 5);
        row("over the length limit, whitespace only", u"int  x;"_qs, u"int x;"_qs, u"0+7"_qs, u"0+6"_qs, true, true,
            5);
    }

    void compare()
    {
        QFETCH(QString, oldLine);
        QFETCH(QString, newLine);
        QFETCH(int, maxLineLength);
        QFETCH(int, maxEditTokens);
        WordDiffOptions options;
        options.maxLineLength = maxLineLength;
        options.maxEditTokens = maxEditTokens;
        const LinePairDiff d = WordDiff::compare(oldLine, newLine, options);
        QTEST(format(d.oldChanges), "oldRanges");
        QTEST(format(d.newChanges), "newRanges");
        QTEST(d.whitespaceOnly, "whitespaceOnly");
        QTEST(d.wholeLine, "wholeLine");

        // The ranges lie inside their lines, sorted and apart.
        auto checkInside = [](const QList<TextRange> &ranges, const QString &text) {
            int previousEnd = -1;
            for (const TextRange &r : ranges) {
                QVERIFY(r.length > 0);
                QVERIFY(r.offset > previousEnd);
                QVERIFY(r.end() <= text.size());
                previousEnd = r.end();
            }
        };
        checkInside(d.oldChanges, oldLine);
        checkInside(d.newChanges, newLine);
    }

    void lineEndingChangeIsWhitespaceOnly()
    {
        const LinePairDiff d = WordDiff::compare(u"x = 1;", u"x = 1;", {}, true);
        QVERIFY(d.whitespaceOnly);
        QVERIFY(d.oldChanges.isEmpty());
        QVERIFY(d.newChanges.isEmpty());
        QVERIFY(!WordDiff::compare(u"x = 1;", u"x = 1;", {}, false).whitespaceOnly);
    }

    // Unchanged tokens keep their text on both sides: what is outside the ranges of
    // the old line, in order, is what is outside the ranges of the new line.
    void unchangedTextAgrees_data()
    {
        QTest::addColumn<QString>("oldLine");
        QTest::addColumn<QString>("newLine");
        QTest::newRow("code") << u"if (a && b) { return f(x, y); }"_qs << u"if (a || c) { return g(x, y, z); }"_qs;
        QTest::newRow("prose") << u"the quick brown fox jumps"_qs << u"a quick red fox jumped"_qs;
        QTest::newRow("repeated tokens") << u"a a b a b b a"_qs << u"b a a b b a a"_qs;
    }

    void unchangedTextAgrees()
    {
        QFETCH(QString, oldLine);
        QFETCH(QString, newLine);
        auto unchanged = [](const QString &text, const QList<TextRange> &ranges) -> QString {
            QString kept;
            int pos = 0;
            for (const TextRange &r : ranges) {
                kept += text.mid(pos, r.offset - pos);
                pos = r.end();
            }
            return kept + text.mid(pos);
        };
        const LinePairDiff d = WordDiff::compare(oldLine, newLine);
        QVERIFY(!d.wholeLine);
        QCOMPARE(unchanged(oldLine, d.oldChanges), unchanged(newLine, d.newChanges));
        QVERIFY(!d.oldChanges.isEmpty());
    }

    void fillHunkPairsRunsInOrder()
    {
        Hunk hunk;
        hunk.lines = {
            line(DiffLine::Kind::Context, u"keep"_qs), // 0
            line(DiffLine::Kind::Removed, u"int a = 1;"_qs), // 1
            line(DiffLine::Kind::Removed, u"int b = 2;"_qs), // 2
            line(DiffLine::Kind::Added, u"int a = 10;"_qs), // 3
            line(DiffLine::Kind::Added, u"int b = 2; "_qs), // 4
            line(DiffLine::Kind::Added, u"int c = 3;"_qs), // 5
            line(DiffLine::Kind::Context, u"keep"_qs), // 6
            line(DiffLine::Kind::Added, u"lonely"_qs), // 7
            line(DiffLine::Kind::Removed, u"gone"_qs), // 8
        };
        WordDiff::fillHunk(hunk);
        const QList<DiffLine> &l = hunk.lines;
        QCOMPARE(l[1].pairedLine, 3);
        QCOMPARE(l[3].pairedLine, 1);
        QCOMPARE(l[2].pairedLine, 4);
        QCOMPARE(l[4].pairedLine, 2);
        QCOMPARE(l[5].pairedLine, -1);
        QCOMPARE(l[7].pairedLine, -1); // an addition before a removal is not a pair
        QCOMPARE(l[8].pairedLine, -1);
        QCOMPARE(format(l[1].changes), u"8+1"_qs);
        QCOMPARE(format(l[3].changes), u"8+2"_qs);
        QVERIFY(!l[1].whitespaceOnly);
        QVERIFY(l[2].whitespaceOnly);
        QVERIFY(l[4].whitespaceOnly);
        QCOMPARE(format(l[4].changes), u"10+1"_qs);
        QVERIFY(l[5].changes.isEmpty());
        QVERIFY(l[0].changes.isEmpty());

        // Filling again gives the same result (stale ranges are cleared first).
        Hunk again = hunk;
        WordDiff::fillHunk(again);
        QCOMPARE(again, hunk);
    }

    void fillHunkLineEndings()
    {
        Hunk hunk;
        hunk.lines = {
            line(DiffLine::Kind::Removed, u"crlf"_qs, true), // 0
            line(DiffLine::Kind::Removed, u"last"_qs), // 1
            line(DiffLine::Kind::NoNewline, QString()), // 2: old file ends without newline
            line(DiffLine::Kind::Added, u"crlf"_qs, false), // 3
            line(DiffLine::Kind::Added, u"last"_qs), // 4: new file ends with one
        };
        WordDiff::fillHunk(hunk);
        const QList<DiffLine> &l = hunk.lines;
        QCOMPARE(l[0].pairedLine, 3);
        QCOMPARE(l[1].pairedLine, 4);
        QCOMPARE(l[2].pairedLine, -1);
        QVERIFY(l[0].whitespaceOnly);
        QVERIFY(l[1].whitespaceOnly);
        QVERIFY(l[4].whitespaceOnly);
        QVERIFY(l[0].changes.isEmpty());
        QVERIFY(l[4].changes.isEmpty());
    }

    // Long, entirely different lines must not cost O(N*M): the edit bound cuts the
    // search off and reports the differing middle as a whole.
    void dissimilarLongLinesAreBounded()
    {
        QList<DiffLine> removed, added;
        for (int i = 0; i < 400; ++i) {
            QString a, b;
            for (int t = 0; a.size() < 2000 || b.size() < 2000; ++t) {
                a += QStringLiteral("a%1.").arg((t * 7 + i) % 97);
                b += QStringLiteral("b%1,").arg((t * 13 + i) % 89);
            }
            removed.append(line(DiffLine::Kind::Removed, a.left(2000)));
            added.append(line(DiffLine::Kind::Added, b.left(2000)));
        }
        QVERIFY(WordDiff::compare(removed[0].text, added[0].text).wholeLine);
        Hunk hunk;
        hunk.lines = removed + added;
        WordDiff::fillHunk(hunk);
        for (int i = 0; i < 400; ++i) {
            QCOMPARE(hunk.lines[i].pairedLine, 400 + i);
            QCOMPARE(format(hunk.lines[i].changes), u"0+2000"_qs);
            QCOMPARE(format(hunk.lines[400 + i].changes), u"0+2000"_qs);
        }
    }
};

QTEST_GUILESS_MAIN(TestWordDiff)
#include "tst_worddiff.moc"
