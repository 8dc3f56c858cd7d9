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
    void cutsOnUtf8Boundaries_data();
    void cutsOnUtf8Boundaries();
    void binaryStaysBounded();
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
    QTest::newRow("many small chunks") << QByteArrayList { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l",
        "m" } << QByteArray("abcd\n[... 6 bytes cut ...]\nklm")
                                       << qint64(6);
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

void TestBoundedOutput::cutsOnUtf8Boundaries_data()
{
    QTest::addColumn<int>("chunkSize");
    for (int size : { 1, 2, 3, 5, 7, 64, 1000 })
        QTest::addRow("chunks of %d", size) << size;
}

void TestBoundedOutput::cutsOnUtf8Boundaries()
{
    QFETCH(int, chunkSize);
    // 1-, 2-, 3- and 4-byte characters, so every limit falls inside some character.
    const QByteArray unit = QStringLiteral("aü€😀").toUtf8(); // 1 + 2 + 3 + 4 bytes
    QByteArray all;
    for (int i = 0; i < 300; ++i)
        all += unit;
    for (qsizetype head = 1; head <= 12; ++head) {
        BoundedOutput out(head, 13);
        QByteArray streamed;
        for (qsizetype pos = 0; pos < all.size(); pos += chunkSize)
            streamed += out.append(all.mid(pos, chunkSize));
        QVERIFY(streamed.size() <= head + 3);
        streamed += out.finish();
        QCOMPARE(streamed, out.text());
        const QString text = QString::fromUtf8(out.text());
        QVERIFY2(!text.contains(QChar::ReplacementCharacter), qPrintable(QStringLiteral("head %1").arg(head)));
        QVERIFY(text.endsWith(QStringLiteral("😀")));
        QVERIFY(text.startsWith(u'a'));
        // What is cut is exactly what is missing.
        const qsizetype marker = BoundedOutput::cutMarker(out.cutBytes()).size();
        QCOMPARE(out.text().size() - marker + out.cutBytes(), all.size());
    }
}

void TestBoundedOutput::binaryStaysBounded()
{
    // Continuation bytes only (not UTF-8 text): the head still stops near its limit.
    BoundedOutput out(8, 8);
    QByteArray streamed;
    for (int i = 0; i < 1000; ++i)
        streamed += out.append(QByteArray(1, char(0x80)));
    QVERIFY(streamed.size() <= 11);
    QCOMPARE(out.totalBytes(), 1000);
    streamed += out.finish();
    QCOMPARE(streamed, out.text());
    QVERIFY(out.text().size() <= 11 + 8 + BoundedOutput::cutMarker(out.cutBytes()).size());
}

QTEST_GUILESS_MAIN(TestBoundedOutput)
#include "tst_boundedoutput.moc"
