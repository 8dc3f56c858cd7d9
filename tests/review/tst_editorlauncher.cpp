#include "editorlauncher.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Autopack::Ui;

class TestEditorLauncher : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void commandFor_data()
    {
        QTest::addColumn<QString>("tmpl");
        QTest::addColumn<QStringList>("argv");
        QTest::newRow("code") << "code --goto {file}:{line}" << QStringList { "code", "--goto", "/r/a b.cpp:42" };
        QTest::newRow("kate") << "kate --line {line} {file}" << QStringList { "kate", "--line", "42", "/r/a b.cpp" };
        QTest::newRow("file appended") << "gedit" << QStringList { "gedit", "/r/a b.cpp" };
        QTest::newRow("quoted program") << "\"/opt/my editor/ed\" +{line}"
                                        << QStringList { "/opt/my editor/ed", "+42", "/r/a b.cpp" };
        QTest::newRow("empty") << "   " << QStringList {};
    }
    void commandFor()
    {
        QFETCH(QString, tmpl);
        QFETCH(QStringList, argv);
        QCOMPARE(EditorLauncher::commandFor(tmpl, QStringLiteral("/r/a b.cpp"), 42), argv);
    }

    void opensWithTheConfiguredCommand()
    {
        QTemporaryDir repo;
        QFile file(repo.filePath(QStringLiteral("a.txt")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        // The "editor" records its arguments, which proves it was started with them.
        const QString marker = repo.filePath(QStringLiteral("opened"));
        const QString editor = repo.filePath(QStringLiteral("editor.sh"));
        QFile script(editor);
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(QStringLiteral("#!/bin/sh\necho \"$1 $2\" > '%1'\n").arg(marker).toUtf8());
        script.close();
        script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("AUTOPACK_EDITOR", QStringLiteral("\"%1\" {file} {line}").arg(editor).toUtf8());
        QVERIFY(EditorLauncher::open(repo.path(), QStringLiteral("a.txt"), 7).has_value());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(marker) && QFileInfo(marker).size() > 0, 5000);
        QFile out(marker);
        QVERIFY(out.open(QIODevice::ReadOnly));
        QCOMPARE(out.readAll().trimmed(), (repo.filePath(QStringLiteral("a.txt")) + QStringLiteral(" 7")).toUtf8());
    }

    void refusesWhatIsNotInTheWorkingTree()
    {
        QTemporaryDir repo;
        const auto opened = EditorLauncher::open(repo.path(), QStringLiteral("new/file.cpp"), 1);
        QVERIFY(!opened);
        QVERIFY(opened.error().contains(QStringLiteral("new/file.cpp")));
        qputenv("AUTOPACK_EDITOR", "/nonexistent/editor {file}");
        QFile file(repo.filePath(QStringLiteral("b.txt")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const auto failed = EditorLauncher::open(repo.path(), QStringLiteral("b.txt"), 1);
        QVERIFY(!failed);
        QVERIFY(failed.error().contains(QStringLiteral("/nonexistent/editor")));
    }
};

QTEST_MAIN(TestEditorLauncher)
#include "tst_editorlauncher.moc"
