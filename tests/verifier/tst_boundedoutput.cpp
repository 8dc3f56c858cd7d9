#include "boundedoutput.h"

#include <QTest>

using namespace Autopack::Ci;

class TestBoundedOutput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keeps_data();
    void keeps();
    void largeStreamStaysBounded();
    void lastBytes();
};

void TestBoundedOutput::keeps_data()
{
    QTest::addColumn<QByteArrayList>("chunks");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<qint64>("cut");

    // head 4, tail 3
    QTest::newRow("empty") << QByteArrayList {} << QByteArray() << qint64(0);
    QTest::newRow("under head") << QByteArrayList { "ab", "c" } << QByteArray("abc") << qint64(0);
    QTest::newRow("exactly head+tail") << QByteArrayList { "abcdefg" } << QByteArray("abcdefg") << qint64(0);
    QTest::newRow("one over") << QByteArrayList { "abcd", "efgh" } << QByteArray("abcd\n[... 1 bytes cut ...]\nfgh")
                              << qint64(1);
    QTest::newRow("many small chunks")
        << QByteArrayList { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m" }
        << QByteArray("abcd\n[... 6 bytes cut ...]\nklm") << qint64(6);
    QTest::newRow("one big chunk") << QByteArrayList { "0123456789abcdefghij" }
                                   << QByteArray("0123\n[... 13 bytes cut ...]\nhij") << qint64(13);
}

void TestBoundedOutput::keeps()
{
    QFETCH(QByteArrayList, chunks);
    QFETCH(QByteArray, expected);
    QFETCH(qint64, cut);

    BoundedOutput out(4, 3);
    QByteArray streamed;
    qint64 total = 0;
    for (const QByteArray &c : chunks) {
        streamed += out.append(c);
        total += c.size();
        QVERIFY(streamed.size() <= 4); // only the head goes out while running
    }
    streamed += out.finish();
    QCOMPARE(out.text(), expected);
    QCOMPARE(streamed, expected);
    QCOMPARE(out.cutBytes(), cut);
    QCOMPARE(out.totalBytes(), total);
    QVERIFY(out.isFinished());
    QCOMPARE(out.finish(), QByteArray()); // only once
}

void TestBoundedOutput::largeStreamStaysBounded()
{
    const qsizetype limit = 1024;
    BoundedOutput out(limit, limit);
    QByteArray streamed;
    QByteArray last;
    qint64 total = 0;
    for (int i = 0; i < 20000; ++i) {
        const QByteArray line = QByteArray::number(i) + '\n';
        streamed += out.append(line);
        last += line;
        if (last.size() > 4 * limit)
            last = last.right(limit);
        total += line.size();
    }
    QCOMPARE(streamed.size(), limit);
    QVERIFY(streamed.startsWith("0\n1\n2\n"));
    streamed += out.finish();
    const QByteArray marker = BoundedOutput::cutMarker(total - 2 * limit);
    QCOMPARE(out.cutBytes(), total - 2 * limit);
    QCOMPARE(out.text().size(), 2 * limit + marker.size());
    QCOMPARE(out.text().mid(limit, marker.size()), marker);
    QVERIFY(out.text().endsWith(last.right(limit)));
    QVERIFY(out.text().endsWith("19999\n"));
    QCOMPARE(streamed, out.text());
}

void TestBoundedOutput::lastBytes()
{
    BoundedOutput out(4, 4);
    out.append("0123456789");
    // Before finish the text is what finish() would give now.
    QCOMPARE(out.text(), QByteArray("0123\n[... 2 bytes cut ...]\n6789"));
    QCOMPARE(out.cutBytes(), 2);
    QCOMPARE(out.lastBytes(3), QByteArray("789"));
    QVERIFY(!out.isFinished());
}

QTEST_GUILESS_MAIN(TestBoundedOutput)
#include "tst_boundedoutput.moc"
