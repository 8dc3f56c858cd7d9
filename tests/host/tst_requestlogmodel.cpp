#include "requestlogfixture.h"
#include "requestlogmodel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace Autopack;
using Host::RequestLogModel;

class TestRequestLogModel : public QObject
{
    Q_OBJECT

    static Api::RequestLogEntry entry(const QString &path, int status = 200, const QString &principal = {},
                                      const QString &role = {})
    {
        return TestSupport::requestLogEntry(path, status, principal, role);
    }

    static QList<Api::RequestLogEntry> numbered(int from, int to)
    {
        QList<Api::RequestLogEntry> entries;
        for (int i = from; i <= to; ++i)
            entries << entry(QStringLiteral("/r%1").arg(i));
        return entries;
    }

    // The Path column top to bottom, e.g. "/r3 /r2 /r1".
    static QString paths(const RequestLogModel &model)
    {
        QStringList column;
        for (int r = 0; r < model.rowCount(); ++r)
            column << model.index(r, RequestLogModel::PathColumn).data().toString();
        return column.join(QLatin1Char(' '));
    }

    static QString text(const RequestLogModel &model, int row, int column)
    {
        return model.index(row, column).data().toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Durations are formatted by the default locale: make it a known one.
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void newestRowFirst()
    {
        RequestLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), 7);

        model.setEntries(numbered(1, 3)); // oldest first, as RequestLog::entries() gives them
        QCOMPARE(paths(model), QStringLiteral("/r3 /r2 /r1"));
        model.append(entry(QStringLiteral("/r4")));
        model.append(entry(QStringLiteral("/r5")));
        QCOMPARE(paths(model), QStringLiteral("/r5 /r4 /r3 /r2 /r1"));
        QCOMPARE(model.entry(0).path, QStringLiteral("/r5"));

        model.setEntries({});
        QCOMPARE(model.rowCount(), 0);
        model.append(entry(QStringLiteral("/only")));
        QCOMPARE(paths(model), QStringLiteral("/only"));
    }

    void boundedByRowsNeverByReset()
    {
        RequestLogModel model(3);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.capacity(), 3);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

        // The first fill keeps only the newest `capacity` entries, with one reset.
        model.setEntries(numbered(1, 5));
        QCOMPARE(resets.count(), 1);
        QCOMPARE(paths(model), QStringLiteral("/r5 /r4 /r3"));

        for (int i = 6; i <= 9; ++i) {
            model.append(entry(QStringLiteral("/r%1").arg(i)));
            QCOMPARE(model.rowCount(), 3);
        }
        QCOMPARE(paths(model), QStringLiteral("/r9 /r8 /r7"));
        QCOMPARE(resets.count(), 1);
        QCOMPARE(inserted.count(), 4);
        QCOMPARE(removed.count(), 4);
        for (const QList<QVariant> &args : std::as_const(inserted)) {
            QCOMPARE(args.at(1).toInt(), 0); // new rows at the top
            QCOMPARE(args.at(2).toInt(), 0);
        }
        for (const QList<QVariant> &args : std::as_const(removed)) {
            QCOMPARE(args.at(1).toInt(), 2); // the oldest, at the bottom
            QCOMPARE(args.at(2).toInt(), 2);
        }

        // Below capacity nothing is removed.
        RequestLogModel roomy(10);
        QSignalSpy roomyRemoved(&roomy, &QAbstractItemModel::rowsRemoved);
        roomy.setEntries(numbered(1, 4));
        roomy.append(entry(QStringLiteral("/r5")));
        QCOMPARE(roomy.rowCount(), 5);
        QCOMPARE(roomyRemoved.count(), 0);
    }

    void everyColumnOfAKnownRequest()
    {
        RequestLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Api::RequestLogEntry e = entry(QStringLiteral("/runs/r1/phases/P1.1/candidate"), 201,
            QStringLiteral("builder-1"), QStringLiteral("builder"));
        e.method = QStringLiteral("POST");
        // Built in local time so the expected time of day holds in any time zone.
        const QDateTime local(QDate(2026, 11, 26), QTime(9, 7, 5, 42), Qt::LocalTime);
        e.time = local.toUTC();
        e.durationMs = 1234.56;
        model.append(e);

        QCOMPARE(text(model, 0, RequestLogModel::TimeColumn), QStringLiteral("09:07:05.042"));
        QCOMPARE(text(model, 0, RequestLogModel::MethodColumn), QStringLiteral("POST"));
        QCOMPARE(text(model, 0, RequestLogModel::PathColumn), QStringLiteral("/runs/r1/phases/P1.1/candidate"));
        QCOMPARE(text(model, 0, RequestLogModel::AgentColumn), QStringLiteral("builder-1"));
        QCOMPARE(text(model, 0, RequestLogModel::RoleColumn), QStringLiteral("builder"));
        QCOMPARE(text(model, 0, RequestLogModel::StatusColumn), QStringLiteral("201"));
        QCOMPARE(text(model, 0, RequestLogModel::DurationColumn), QStringLiteral("1,234.6 ms"));

        // The tooltip carries the full UTC time, day and milliseconds included.
        const QString tip = model.index(0, RequestLogModel::TimeColumn).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.endsWith(QStringLiteral(".042Z")), qPrintable(tip));
        QCOMPARE(QDateTime::fromString(tip, Qt::ISODateWithMs), local);
        QCOMPARE(model.index(0, RequestLogModel::PathColumn).data(Qt::ToolTipRole).toString(), e.path);

        QCOMPARE(model.index(0, RequestLogModel::MethodColumn).data(RequestLogModel::StatusRole).toInt(), 201);
        QCOMPARE(model.index(0, 0).data(RequestLogModel::TimeRole).toDateTime(), local);

        const auto alignment
            = [&](int column) { return model.index(0, column).data(Qt::TextAlignmentRole).value<Qt::Alignment>(); };
        QVERIFY(alignment(RequestLogModel::StatusColumn) & Qt::AlignRight);
        QVERIFY(alignment(RequestLogModel::DurationColumn) & Qt::AlignRight);
        QVERIFY(!(alignment(RequestLogModel::PathColumn) & Qt::AlignRight));

        const QStringList headers = [&] {
            QStringList h;
            for (int c = 0; c < model.columnCount(); ++c)
                h << model.headerData(c, Qt::Horizontal).toString();
            return h;
        }();
        QCOMPARE(headers, (QStringList { "Time", "Method", "Path", "Agent", "Role", "Status", "Duration" }));
    }

    void dashWithoutPrincipal()
    {
        RequestLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append(entry(QStringLiteral("/openapi.json"), 401));
        QCOMPARE(text(model, 0, RequestLogModel::AgentColumn), QStringLiteral("—"));
        QCOMPARE(text(model, 0, RequestLogModel::RoleColumn), QStringLiteral("—"));
    }

    void statusColours()
    {
        RequestLogModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries({ entry(QStringLiteral("/ok"), 200), entry(QStringLiteral("/missing"), 404),
            entry(QStringLiteral("/down"), 503) });
        const auto colour = [&](int row, int column) { return model.index(row, column).data(Qt::ForegroundRole); };
        // Rows newest first: 503, 404, 200.
        QCOMPARE(model.index(0, 0).data(RequestLogModel::StatusRole).toInt(), 503);
        QCOMPARE(model.index(2, 0).data(RequestLogModel::StatusRole).toInt(), 200);
        for (int c = 0; c < model.columnCount(); ++c) {
            QVERIFY(!colour(2, c).isValid()); // success: the palette's own text colour
            QCOMPARE(colour(1, c).value<QColor>(), RequestLogModel::clientErrorColor());
            QCOMPARE(colour(0, c).value<QColor>(), RequestLogModel::serverErrorColor());
        }
        const QColor red = RequestLogModel::serverErrorColor();
        const QColor amber = RequestLogModel::clientErrorColor();
        QVERIFY(red.red() > 2 * red.green() && red.red() > 2 * red.blue());
        QVERIFY(amber.red() > amber.green() && amber.green() > 2 * amber.blue());
        QVERIFY(red != amber);
    }
};

QTEST_GUILESS_MAIN(TestRequestLogModel)
#include "tst_requestlogmodel.moc"
