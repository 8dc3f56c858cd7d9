#include "linesplitter.h"

#include <QElapsedTimer>
#include <QTest>

using namespace Autopack::Agent;

namespace {

struct Collected {
    QByteArrayList lines;
    QList<qint64> dropped;
};

Collected split(const QByteArray &data, qsizetype chunk, qsizetype maxLine = LineSplitter::DefaultMaxLine)
{
    Collected c;
    LineSplitter splitter(maxLine);
    const auto onLine = [&](QByteArrayView line) { c.lines.append(line.toByteArray()); };
    const auto onDropped = [&](qint64 bytes) { c.dropped.append(bytes); };
    const qsizetype step = chunk > 0 ? chunk : std::max<qsizetype>(data.size(), 1);
    for (qsizetype pos = 0; pos < data.size(); pos += step) {
        splitter.feed(QByteArrayView(data).sliced(pos, std::min(step, data.size() - pos)), onLine, onDropped);
        if (splitter.pendingBytes() > maxLine)
            qFatal("held more than the limit");
    }
    splitter.finish(onLine, onDropped);
    return c;
}

} // namespace

class TestLineSplitter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splits_data();
    void splits();
    void dropsOverlongLines();
    void largeStreamIsLinear();
};

void TestLineSplitter::splits_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArrayList>("lines");
    QTest::newRow("empty") << QByteArray() << QByteArrayList {};
    QTest::newRow("one line") << QByteArray("abc\n") << QByteArrayList { "abc" };
    QTest::newRow("no final newline") << QByteArray("a\nb") << QByteArrayList { "a", "b" };
    QTest::newRow("crlf") << QByteArray("a\r\nb\r\n") << QByteArrayList { "a", "b" };
    QTest::newRow("empty lines") << QByteArray("\n\na\n") << QByteArrayList { "", "", "a" };
}

void TestLineSplitter::splits()
{
    QFETCH(QByteArray, data);
    QFETCH(QByteArrayList, lines);
    for (const qsizetype chunk : { 0, 1, 2, 3, 7 }) {
        const Collected c = split(data, chunk);
        QCOMPARE(c.lines, lines);
        QVERIFY(c.dropped.isEmpty());
    }
}

void TestLineSplitter::dropsOverlongLines()
{
    const QByteArray data
        = "short\n" + QByteArray(25, 'x') + "\nafter\n" + QByteArray(10, 'y') + "\n" + QByteArray(11, 'z');
    for (const qsizetype chunk : { 0, 1, 4, 7 }) {
        const Collected c = split(data, chunk, 10);
        QCOMPARE(c.lines, (QByteArrayList { "short", "after", QByteArray(10, 'y') }));
        QCOMPARE(c.dropped, (QList<qint64> { 25, 11 }));
    }
}

void TestLineSplitter::largeStreamIsLinear()
{
    // 50 MB of lines, fed one byte and then 64 KiB at a time: time must stay linear.
    QByteArray line(99, 'a');
    line.append('\n');
    const QByteArray data = line.repeated(500 * 1000);
    QElapsedTimer timer;
    for (const qsizetype chunk : { qsizetype(64 * 1024), qsizetype(1) }) {
        timer.start();
        qint64 count = 0;
        LineSplitter splitter;
        const auto onLine = [&](QByteArrayView l) { count += l.size() == 99; };
        const auto onDropped = [](qint64) {};
        for (qsizetype pos = 0; pos < data.size(); pos += chunk)
            splitter.feed(QByteArrayView(data).sliced(pos, std::min(chunk, data.size() - pos)), onLine, onDropped);
        splitter.finish(onLine, onDropped);
        QCOMPARE(count, 500 * 1000);
        QVERIFY2(timer.elapsed() < 30000, qPrintable(QString::number(timer.elapsed())));
    }
}

QTEST_GUILESS_MAIN(TestLineSplitter)
#include "tst_linesplitter.moc"
