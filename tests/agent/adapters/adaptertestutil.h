#pragma once

// Replays recorded CLI output through an adapter, in chunks of any size, and prints
// the events as one line each for golden comparisons.

#include "agentadapter.h"

#include <QFile>
#include <QStringList>
#include <QTest>

namespace Autopack::Agent::Test {

// A fixture's bytes without its "# ..." header lines (CLI name, version, source).
inline QByteArray fixture(const QString &name)
{
    QFile file(QStringLiteral(AUTOPACK_ADAPTER_FIXTURES "/") + name);
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("cannot read fixture %s", qPrintable(file.fileName()));
        return {};
    }
    QByteArray data = file.readAll();
    while (data.startsWith("# ")) {
        const qsizetype end = data.indexOf('\n');
        data = end < 0 ? QByteArray() : data.mid(end + 1);
    }
    return data;
}

inline QString fixturePath(const QString &name) { return QStringLiteral(AUTOPACK_ADAPTER_FIXTURES "/") + name; }

// "kind [tool] @path: text" with newlines shown as \n and the text cut at 80 characters
// (the goldens check how events start; final messages and errors are compared whole);
// usage events show their numbers.
inline QString describe(const AgentEvent &e)
{
    QString line = AgentEvent::kindName(e.kind);
    if (!e.tool.isEmpty())
        line += QStringLiteral(" [%1]").arg(e.tool);
    if (!e.path.isEmpty())
        line += QStringLiteral(" @") + e.path;
    if (e.usage) {
        line += QStringLiteral(" {%1 in, %2 out").arg(e.usage->inputTokens).arg(e.usage->outputTokens);
        if (e.usage->costUsd)
            line += QStringLiteral(", $%1").arg(*e.usage->costUsd, 0, 'f', 4);
        line += QLatin1Char('}');
    } else {
        QString text = e.text;
        text.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
        text.replace(QLatin1Char('\t'), QStringLiteral("\\t"));
        if (text.size() > 80)
            text = text.left(80) + QStringLiteral("…");
        line += QStringLiteral(": ") + text;
    }
    return line;
}

inline QStringList describe(const QList<AgentEvent> &events)
{
    QStringList lines;
    for (const AgentEvent &e : events)
        lines.append(describe(e));
    return lines;
}

struct Replay {
    QList<AgentEvent> events; // while feeding and from finish(), in order
    AgentOutcome outcome;
};

// Feeds `data` in chunks of `chunkSize` bytes (0: all at once), taking the events after
// every chunk as the runner does, then finishes.
inline Replay replay(AgentAdapter &adapter, const QByteArray &data, qsizetype chunkSize, int exitCode = 0,
    const QString &stderrTail = {}, const QString &resultFile = {})
{
    Replay r;
    const qsizetype step = chunkSize > 0 ? chunkSize : std::max<qsizetype>(data.size(), 1);
    for (qsizetype pos = 0; pos < data.size(); pos += step) {
        adapter.feedStdout(data.mid(pos, step));
        r.events += adapter.takeEvents();
    }
    r.outcome = adapter.finish(exitCode, stderrTail, resultFile);
    r.events += adapter.takeEvents();
    return r;
}

inline Replay replay(const QString &adapterName, const QByteArray &data, qsizetype chunkSize, int exitCode = 0,
    const QString &stderrTail = {}, const QString &resultFile = {})
{
    const auto adapter = AgentAdapter::create(adapterName);
    if (!adapter)
        return {};
    return replay(*adapter, data, chunkSize, exitCode, stderrTail, resultFile);
}

inline bool sameOutcome(const AgentOutcome &a, const AgentOutcome &b)
{
    return a.finalMessage == b.finalMessage && a.usage == b.usage && a.rateLimited == b.rateLimited
        && a.rateLimitDetail == b.rateLimitDetail && a.error == b.error && a.notes == b.notes
        && a.resultObject == b.resultObject;
}

// The fixture replayed whole, in 7-byte and in 1-byte chunks; nullopt (with a warning
// naming the chunking) unless all three give the same events and outcome.
inline std::optional<Replay> replayAnyChunking(const QString &adapterName, const QByteArray &data, int exitCode = 0,
    const QString &stderrTail = {}, const QString &resultFile = {})
{
    const Replay whole = replay(adapterName, data, 0, exitCode, stderrTail, resultFile);
    for (const qsizetype chunk : { 7, 1 }) {
        const Replay r = replay(adapterName, data, chunk, exitCode, stderrTail, resultFile);
        if (describe(r.events) != describe(whole.events) || !sameOutcome(r.outcome, whole.outcome)) {
            qWarning().noquote() << "chunks of" << chunk
                                 << "differ from the whole stream:\n  "
                    + describe(r.events).join(QStringLiteral("\n  "));
            return std::nullopt;
        }
    }
    return whole;
}

// An expected golden line cut as describe() cuts: goldens may carry more of the text
// than the 80 characters compared (a trailing "…" of theirs is ignored).
inline QString cutLikeDescribe(const QString &line)
{
    const qsizetype colon = line.indexOf(QStringLiteral(": "));
    if (colon < 0)
        return line;
    QString text = line.mid(colon + 2);
    if (text.endsWith(QStringLiteral("…")))
        text.chop(1);
    if (text.size() > 80)
        text = text.left(80) + QStringLiteral("…");
    return line.left(colon + 2) + text;
}

// Golden comparison that prints both sides on a mismatch.
inline bool sameLines(const QStringList &actual, const QStringList &goldens)
{
    QStringList expected;
    for (const QString &line : goldens)
        expected.append(cutLikeDescribe(line));
    if (actual == expected)
        return true;
    qWarning().noquote() << "actual events:\n  " + actual.join(QStringLiteral("\n  "));
    qWarning().noquote() << "expected events:\n  " + expected.join(QStringLiteral("\n  "));
    return false;
}

// The columns of a fixture table, in this order: fixture (QString), exitCode (int; left
// out for a CLI that exits 0 whatever happened), events (QStringList of goldens), input
// and output (qint64), cost (double; where the table checks one), rateLimited (bool),
// error and finalMessage (QString).
struct FixtureColumns {
    bool exitCode = true;
    bool cost = false;
};

inline void addFixtureColumns(FixtureColumns columns)
{
    QTest::addColumn<QString>("fixture");
    if (columns.exitCode)
        QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("events");
    QTest::addColumn<qint64>("input");
    QTest::addColumn<qint64>("output");
    if (columns.cost)
        QTest::addColumn<double>("cost");
    QTest::addColumn<bool>("rateLimited");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("finalMessage");
}

namespace Detail {

inline void checkFixtureRow(const QString &adapterName, int exitCode, std::optional<Replay> &checked)
{
    QFETCH(QString, fixture);
    QFETCH(QStringList, events);
    QFETCH(qint64, input);
    QFETCH(qint64, output);
    QFETCH(bool, rateLimited);
    QFETCH(QString, error);
    QFETCH(QString, finalMessage);

    const QByteArray data = Test::fixture(fixture);
    QVERIFY(!data.isEmpty());
    const auto r = replayAnyChunking(adapterName, data, exitCode);
    QVERIFY(r);
    QVERIFY(sameLines(describe(r->events), events));
    QCOMPARE(r->outcome.usage.inputTokens, input);
    QCOMPARE(r->outcome.usage.outputTokens, output);
    QCOMPARE(r->outcome.rateLimited, rateLimited);
    QCOMPARE(r->outcome.error, error);
    QCOMPARE(r->outcome.finalMessage, finalMessage);
    checked = r;
}

} // namespace Detail

// The current row of a fixture table (addFixtureColumns) replayed through `adapterName`
// in any chunking with `exitCode`, its events compared with the goldens and its outcome
// with the columns every table has; nullopt once a comparison failed (it says which).
// The test adds its adapter's own checks (cost, ...) on the replay.
inline std::optional<Replay> replayFixtureRow(const QString &adapterName, int exitCode)
{
    std::optional<Replay> checked;
    Detail::checkFixtureRow(adapterName, exitCode, checked);
    return checked;
}

// The same with the row's exitCode.
inline std::optional<Replay> replayFixtureRow(const QString &adapterName)
{
    QFETCH(int, exitCode);
    return replayFixtureRow(adapterName, exitCode);
}

} // namespace Autopack::Agent::Test
