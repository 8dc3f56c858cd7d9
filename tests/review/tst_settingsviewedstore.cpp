#include "viewedstore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace Autopack::DiffUi;

class tst_SettingsViewedStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void remembersPerCommitAcrossInstances()
    {
        QTemporaryDir dir;
        const QString ini = dir.filePath(QStringLiteral("v.ini"));
        {
            SettingsViewedStore store(ini);
            store.setViewed(QStringLiteral("abc"), QStringLiteral("a/b.cpp"), true);
            store.setViewed(QStringLiteral("abc"), QStringLiteral("c d/é.txt"), true);
            store.setViewed(QStringLiteral("refs/autopack/x"), QStringLiteral("a/b.cpp"), true);
            store.setViewed(QStringLiteral("abc"), QStringLiteral("c d/é.txt"), false);
        }
        SettingsViewedStore store(ini);
        QVERIFY(store.isViewed(QStringLiteral("abc"), QStringLiteral("a/b.cpp")));
        QVERIFY(!store.isViewed(QStringLiteral("abc"), QStringLiteral("c d/é.txt")));
        QVERIFY(store.isViewed(QStringLiteral("refs/autopack/x"), QStringLiteral("a/b.cpp")));
        QVERIFY(!store.isViewed(QStringLiteral("other"), QStringLiteral("a/b.cpp")));
        // Setting the same state twice changes nothing.
        store.setViewed(QStringLiteral("abc"), QStringLiteral("a/b.cpp"), true);
        store.setViewed(QStringLiteral("abc"), QStringLiteral("a/b.cpp"), false);
        QVERIFY(!store.isViewed(QStringLiteral("abc"), QStringLiteral("a/b.cpp")));
    }
};

QTEST_GUILESS_MAIN(tst_SettingsViewedStore)
#include "tst_settingsviewedstore.moc"
