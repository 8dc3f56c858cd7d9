// The API tab: RequestLogView's filter, count and Pause over a live RequestLogModel,
// and the main window showing the tab only once it has a request log.

#include "mainwindow.h"
#include "requestlogfixture.h"
#include "requestlogmodel.h"
#include "requestlogview.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QScrollBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Autopack;
using Host::RequestLogModel;
using Ui::RequestLogView;

class TestRequestLogView : public QObject
{
    Q_OBJECT

    static Api::RequestLogEntry entry(const QString &path, int status = 200, const QString &principal = {},
                                      const QString &role = {})
    {
        return TestSupport::requestLogEntry(path, status, principal, role);
    }

    // The Path of the row at the top of the viewport.
    static QString topPath(const RequestLogView &view)
    {
        const QModelIndex top = view.tableView()->indexAt(QPoint(1, 1));
        return top.siblingAtColumn(RequestLogModel::PathColumn).data().toString();
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The window's QSettings go to the scratch directory, never the user's.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    }

    void filterNarrowsRowsAndCount()
    {
        RequestLogModel model;
        model.setEntries({
            entry(QStringLiteral("/runs/r1/claim"), 200, QStringLiteral("builder-1"), QStringLiteral("builder")),
            entry(QStringLiteral("/runs/r1/verdict"), 404, QStringLiteral("auditor-1"), QStringLiteral("auditor")),
            entry(QStringLiteral("/openapi.json"), 401),
            entry(QStringLiteral("/runs/r2/claim"), 503, QStringLiteral("builder-2"), QStringLiteral("builder")),
        });
        RequestLogView view(&model);
        QCOMPARE(view.tableView()->model()->rowCount(), 4);
        QCOMPARE(view.countLabel()->text(), QStringLiteral("4 requests shown"));
        QCOMPARE(view.filterEdit()->placeholderText(), QStringLiteral("Filter by path, agent or status"));

        QTest::keyClicks(view.filterEdit(), QStringLiteral("BUILDER")); // agent, case-insensitively
        QCOMPARE(view.tableView()->model()->rowCount(), 2);
        QCOMPARE(view.countLabel()->text(), QStringLiteral("2 requests shown"));

        view.filterEdit()->setText(QStringLiteral("404")); // status
        QCOMPARE(view.tableView()->model()->rowCount(), 1);
        QCOMPARE(view.tableView()->model()->index(0, RequestLogModel::PathColumn).data().toString(),
            QStringLiteral("/runs/r1/verdict"));
        QCOMPARE(view.countLabel()->text(), QStringLiteral("1 request shown"));

        view.filterEdit()->setText(QStringLiteral("openapi")); // path
        QCOMPARE(view.tableView()->model()->rowCount(), 1);
        view.filterEdit()->setText(QStringLiteral("no such thing"));
        QCOMPARE(view.countLabel()->text(), QStringLiteral("0 requests shown"));

        // New requests are filtered as they arrive.
        view.filterEdit()->setText(QStringLiteral("claim"));
        QCOMPARE(view.countLabel()->text(), QStringLiteral("2 requests shown"));
        model.append(entry(QStringLiteral("/runs/r3/claim"), 200, QStringLiteral("builder-3")));
        model.append(entry(QStringLiteral("/health")));
        QCOMPARE(view.countLabel()->text(), QStringLiteral("3 requests shown"));
        QCOMPARE(view.tableView()->model()->index(0, RequestLogModel::PathColumn).data().toString(),
            QStringLiteral("/runs/r3/claim"));

        view.filterEdit()->clear();
        QCOMPARE(view.countLabel()->text(), QStringLiteral("6 requests shown"));
    }

    void pathColumnStretches()
    {
        QCOMPARE(RequestLogView::PathColumn, int(RequestLogModel::PathColumn));
        RequestLogModel model;
        RequestLogView view(&model);
        QVERIFY(!view.tableView()->isSortingEnabled());
        model.append(entry(QStringLiteral("/a")));
        QHeaderView *header = view.tableView()->horizontalHeader();
        QCOMPARE(header->sectionResizeMode(RequestLogModel::PathColumn), QHeaderView::Stretch);
        QCOMPARE(header->sectionResizeMode(RequestLogModel::MethodColumn), QHeaderView::Interactive);
    }

    void pauseKeepsTheRowsBeingRead()
    {
        RequestLogModel model(300);
        QList<Api::RequestLogEntry> entries;
        for (int i = 0; i < 300; ++i) // full: every append also drops the oldest row
            entries << entry(QStringLiteral("/r%1").arg(i));
        model.setEntries(entries);
        RequestLogView view(&model);
        view.resize(700, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QScrollBar *bar = view.tableView()->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        QVERIFY(!view.pauseButton()->isChecked());
        QVERIFY(view.pauseButton()->isCheckable());

        // Not paused: a new request brings the view back to the top, showing it.
        bar->setValue(bar->maximum() / 2);
        QVERIFY(topPath(view) != QStringLiteral("/r299"));
        model.append(entry(QStringLiteral("/new1")));
        QCoreApplication::processEvents();
        QCOMPARE(bar->value(), 0);
        QCOMPARE(topPath(view), QStringLiteral("/new1"));

        // Paused: the rows being read stay in place while newer ones arrive above.
        QTest::mouseClick(view.pauseButton(), Qt::LeftButton);
        QVERIFY(view.pauseButton()->isChecked());
        bar->setValue(bar->maximum() / 2);
        const QString reading = topPath(view);
        QVERIFY(!reading.isEmpty());
        const int before = bar->value();
        for (int i = 2; i <= 4; ++i) {
            model.append(entry(QStringLiteral("/new%1").arg(i)));
            QCOMPARE(topPath(view), reading);
        }
        QCoreApplication::processEvents(); // the view's delayed layout
        QCOMPARE(topPath(view), reading);
        QVERIFY(bar->value() > before);

        // Paused at the very top, too: the newest row read so far stays first.
        bar->setValue(0);
        const QString first = topPath(view);
        QCOMPARE(first, QStringLiteral("/new4"));
        model.append(entry(QStringLiteral("/new5")));
        QCoreApplication::processEvents();
        QCOMPARE(topPath(view), first);

        // Resuming shows what arrived meanwhile.
        QTest::mouseClick(view.pauseButton(), Qt::LeftButton);
        QCOMPARE(bar->value(), 0);
        QCOMPARE(topPath(view), QStringLiteral("/new5"));
        QCOMPARE(model.rowCount(), 300);
    }

    void mainWindowShowsTheApiTabOnceItHasALog()
    {
        RequestLogModel model;
        model.setEntries({ entry(QStringLiteral("/runs"), 200, QStringLiteral("builder-1")) });
        Ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTabWidget *tabs = window.tabs();
        const int before = tabs->count();
        QCOMPARE(before, 4);
        QVERIFY(!window.requestLogView());
        auto *listener = window.findChild<QLabel *>(QStringLiteral("listenerLabel"));
        QVERIFY(listener);
        tabs->setCurrentIndex(0);
        QTest::mouseClick(listener, Qt::LeftButton); // nothing to open yet
        QCOMPARE(tabs->currentIndex(), 0);

        window.setRequestLog(&model);
        QCOMPARE(tabs->count(), before + 1);
        QCOMPARE(tabs->tabText(before), QStringLiteral("&API"));
        RequestLogView *view = window.requestLogView();
        QVERIFY(view);
        QCOMPARE(tabs->widget(before), view);
        QCOMPARE(view->tableView()->model()->rowCount(), 1);
        model.append(entry(QStringLiteral("/runs/r1/claim")));
        QCOMPARE(view->countLabel()->text(), QStringLiteral("2 requests shown"));

        // The listener status in the status bar opens the tab.
        QCOMPARE(tabs->currentIndex(), 0);
        QTest::mouseClick(listener, Qt::LeftButton);
        QCOMPARE(tabs->currentWidget(), view);

        // So does View ▸ API, with the next Alt+digit after the other tabs.
        tabs->setCurrentIndex(0);
        QPointer<QAction> show;
        for (QAction *action : window.findChildren<QAction *>())
            if (action->text() == QStringLiteral("API"))
                show = action;
        QVERIFY(show);
        QCOMPARE(show->shortcut(), QKeySequence(Qt::ALT | Qt::Key_5));
        show->trigger();
        QCOMPARE(tabs->currentWidget(), view);

        // A second model replaces the first in the same tab.
        RequestLogModel other;
        window.setRequestLog(&other);
        QCOMPARE(tabs->count(), before + 1);
        QCOMPARE(window.requestLogView()->countLabel()->text(), QStringLiteral("0 requests shown"));

        window.setRequestLog(nullptr);
        QCOMPARE(tabs->count(), before);
        QVERIFY(!window.requestLogView());
        QVERIFY(!show);
    }

    void apiTabIsRememberedAcrossStarts()
    {
        RequestLogModel model;
        {
            Ui::MainWindow window;
            window.setRequestLog(&model);
            window.tabs()->setCurrentWidget(window.requestLogView());
            window.close(); // saves the tab shown
        }
        Ui::MainWindow again;
        QCOMPARE(again.tabs()->currentIndex(), 0); // no API tab yet to show
        again.setRequestLog(&model);
        QCOMPARE(again.tabs()->currentWidget(), again.requestLogView());
    }
};

QTEST_MAIN(TestRequestLogView)
#include "tst_requestlogview.moc"
