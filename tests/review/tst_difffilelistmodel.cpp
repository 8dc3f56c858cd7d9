#include "difffilelistmodel.h"
#include "difffixtures.h"
#include "viewedstore.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Autopack::DiffUi;

class tst_DiffFileListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rowsAndCheckStates()
    {
        QTemporaryDir dir;
        SettingsViewedStore store(dir.filePath(QStringLiteral("v.ini")));
        store.setViewed(QStringLiteral("c1"), QStringLiteral("old.txt"), true);
        DiffFileListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFiles(DiffFixtures::mixedDiff(), QStringLiteral("c1"), &store);
        QCOMPARE(model.rowCount(), 8);
        QVERIFY(model.flags(model.index(0)) & Qt::ItemIsUserCheckable);
        QCOMPARE(model.index(2).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        QCOMPARE(model.index(2).data(DiffFileListModel::PathRole).toString(), QStringLiteral("old.txt"));
        QCOMPARE(model.index(0).data(DiffFileListModel::AdditionsRole).toInt(), 3);
        QCOMPARE(model.index(0).data(DiffFileListModel::DeletionsRole).toInt(), 2);
        QVERIFY(model.index(5).data(DiffFileListModel::BinaryRole).toBool());

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.setData(model.index(0), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
        QVERIFY(store.isViewed(QStringLiteral("c1"), QStringLiteral("src/main.cpp")));
        // Only check states are editable.
        QVERIFY(!model.setData(model.index(0), QStringLiteral("x"), Qt::DisplayRole));
        // Without a commit nothing is remembered.
        model.setFiles(DiffFixtures::mixedDiff(), QString(), &store);
        QVERIFY(!model.isViewed(2));
        model.setViewed(1, true);
        QVERIFY(model.isViewed(1));
        QVERIFY(!store.isViewed(QString(), QStringLiteral("new.txt")));
    }
};

QTEST_GUILESS_MAIN(tst_DiffFileListModel)
#include "tst_difffilelistmodel.moc"
