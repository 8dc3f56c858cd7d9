#include "difffilelistmodel.h"
#include "difffixtures.h"
#include "diffview.h"
#include "viewedstore.h"

#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Autopack::DiffUi;
using namespace Autopack::Git;

class tst_DiffView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void viewedStatePersistsAcrossWidgets()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("viewed.ini"));
        {
            SettingsViewedStore store(ini);
            DiffView view;
            view.setViewedStore(&store);
            view.setDiff(DiffFixtures::mixedDiff(), QStringLiteral("c0ffee"));
            QAbstractItemModel *list = view.fileList()->model();
            QCOMPARE(list->data(list->index(1, 0), Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
            QVERIFY(list->setData(list->index(1, 0), Qt::Checked, Qt::CheckStateRole));
            QVERIFY(list->setData(list->index(3, 0), Qt::Checked, Qt::CheckStateRole));
            QVERIFY(list->setData(list->index(3, 0), Qt::Unchecked, Qt::CheckStateRole));
        }
        SettingsViewedStore store(ini);
        DiffView view;
        view.setViewedStore(&store);
        view.setDiff(DiffFixtures::mixedDiff(), QStringLiteral("c0ffee"));
        QVERIFY(view.fileModel()->isViewed(1));
        QVERIFY(!view.fileModel()->isViewed(3));
        QVERIFY(!view.fileModel()->isViewed(0));
        // Another commit has its own state.
        view.setDiff(DiffFixtures::mixedDiff(), QStringLiteral("beef"));
        QVERIFY(!view.fileModel()->isViewed(1));
    }

    void viewedByKeyboardUntilAllAreViewed()
    {
        DiffView view;
        view.resize(1200, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setDiff(DiffFixtures::mixedDiff(), QStringLiteral("c2"));
        QSignalSpy viewed(view.fileModel(), &DiffFileListModel::viewedChanged);
        QListView *list = view.fileList();
        list->setFocus();
        for (int row = 0; row < list->model()->rowCount(); ++row) {
            QVERIFY(!view.fileModel()->allViewed());
            list->setCurrentIndex(list->model()->index(row, 0));
            QTest::keyClick(list, Qt::Key_Space);
        }
        QCOMPARE(viewed.count(), 8);
        QVERIFY(view.fileModel()->allViewed());
        QTest::keyClick(list, Qt::Key_Space);
        QVERIFY(!view.fileModel()->allViewed());
        QCOMPARE(viewed.last().at(1).toBool(), false);
    }

    void fileListShowsStatusAndCounts()
    {
        DiffView view;
        view.setDiff(DiffFixtures::mixedDiff(), QStringLiteral("c1"));
        const DiffFileListModel *files = view.fileModel();
        QStringList statuses;
        for (int i = 0; i < files->rowCount(); ++i)
            statuses.append(files->index(i).data(DiffFileListModel::StatusRole).toString());
        QCOMPARE(statuses,
            (QStringList {
                "modified", "added", "deleted", "renamed", "mode changed", "binary", "modified", "modified" }));
        QCOMPARE(files->index(0).data().toString(), QStringLiteral("src/main.cpp  +3 −2  (modified)"));
        QCOMPARE(files->index(3).data().toString(), QStringLiteral("docs/before.md → docs/after.md  +1 −1  (renamed)"));
        QCOMPARE(files->index(5).data().toString(), QStringLiteral("logo.png  (binary)"));
    }

    void filterAndSelectionScrollTheDiff()
    {
        DiffView view;
        view.resize(1200, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setDiff(DiffFixtures::mixedDiff(), QStringLiteral("c1"));
        view.fileFilter()->setText(QStringLiteral(".TXT"));
        QAbstractItemModel *list = view.fileList()->model();
        QCOMPARE(list->rowCount(), 4); // new, old, win, tail
        view.fileList()->setCurrentIndex(list->index(2, 0)); // win.txt
        QCOMPARE(view.pane()->currentRow(), view.pane()->model().fileRow(6));
        // Moving in the diff moves the list's current file.
        view.pane()->setCurrentRow(view.pane()->model().fileRow(7) + 2);
        QCOMPARE(
            view.fileList()->currentIndex().data(DiffFileListModel::PathRole).toString(), QStringLiteral("tail.txt"));
    }

    void ctrlFFindsInTheDiff()
    {
        DiffView view;
        view.resize(1200, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setDiff(DiffFixtures::mixedDiff(), QStringLiteral("c1"));
        view.pane()->setFocus();
        QTest::keyClick(view.pane(), Qt::Key_F, Qt::ControlModifier);
        QVERIFY(view.findField()->isVisible());
        QVERIFY(view.findField()->hasFocus());
        QTest::keyClicks(view.findField(), QStringLiteral("world"));
        QTest::keyClick(view.findField(), Qt::Key_Return);
        QCOMPARE(view.pane()->model().rowText(view.pane()->currentRow()), QStringLiteral("+world"));
        QTest::keyClick(view.findField(), Qt::Key_F3); // next wraps to the same only match
        QCOMPARE(view.pane()->model().rowText(view.pane()->currentRow()), QStringLiteral("+world"));
    }

    void modeButtonSwitchesKeepingTheLine()
    {
        DiffView view;
        view.resize(1200, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setDiff(DiffFixtures::manyHunks(2, 1000, 10), QStringLiteral("c1"));
        const int row = view.pane()->model().fileRow(1) + 301;
        view.pane()->scrollToRow(row);
        view.pane()->setCurrentRow(row);
        const QString text = view.pane()->model().rowText(row);
        auto *button = view.findChild<QToolButton *>();
        QVERIFY(button);
        button->click();
        QCOMPARE(view.mode(), DiffMode::SideBySide);
        QVERIFY(view.pane()->model().rowText(view.pane()->topRow()).contains(text));
        button->click();
        QCOMPARE(view.mode(), DiffMode::Unified);
        QCOMPARE(view.pane()->topRow(), row);
    }

    void openInEditorIsForwarded()
    {
        DiffView view;
        view.resize(1200, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setDiff(DiffFixtures::mixedDiff(), QStringLiteral("c1"));
        QSignalSpy open(&view, &DiffView::openInEditor);
        view.pane()->setCurrentRow(view.pane()->model().fileRow(1) + 3);
        view.pane()->setFocus();
        QTest::keyClick(view.pane(), Qt::Key_E);
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.at(0).at(0).toString(), QStringLiteral("new.txt"));
        QCOMPARE(open.at(0).at(1).toInt(), 2);
    }
};

QTEST_MAIN(tst_DiffView)
#include "tst_diffview.moc"
