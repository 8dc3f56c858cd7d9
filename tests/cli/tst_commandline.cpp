#include "commandline.h"

#include <QTest>

using namespace Autopack::Cli;

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void accepted_data();
    void accepted();
    void refused_data();
    void refused();
};

void TestCommandLine::accepted_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("verb");
    QTest::addColumn<QString>("db");
    QTest::addColumn<QString>("listen");
    QTest::addColumn<bool>("headless");
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("path");

    const QString dflt = QStringLiteral("127.0.0.1:8765");
    QTest::newRow("nothing") << QStringList {} << int(Verb::Start) << QString() << dflt << false << QString()
                             << QString() << QString();
    QTest::newRow("headless db") << QStringList { "--headless", "--db", "/tmp/x.db" } << int(Verb::Start)
                                 << "/tmp/x.db" << dflt << true << QString() << QString() << QString();
    QTest::newRow("inline values") << QStringList { "--db=/a.db", "--listen=127.0.0.1:9000" } << int(Verb::Start)
                                   << "/a.db" << "127.0.0.1:9000" << false << QString() << QString() << QString();
    QTest::newRow("help wins") << QStringList { "--db", "x", "--help" } << int(Verb::Help) << "x" << dflt << false
                               << QString() << QString() << QString();
    QTest::newRow("version") << QStringList { "--version" } << int(Verb::Version) << QString() << dflt << false
                             << QString() << QString() << QString();
    QTest::newRow("token create") << QStringList { "token", "create", "--role", "builder", "--name", "b1" }
                                  << int(Verb::TokenCreate) << QString() << dflt << false << "builder" << "b1"
                                  << QString();
    QTest::newRow("token create db first") << QStringList { "token", "create", "--db", "/d", "--name=n", "--role=admin" }
                                           << int(Verb::TokenCreate) << "/d" << dflt << false << "admin" << "n"
                                           << QString();
    QTest::newRow("token list") << QStringList { "token", "list" } << int(Verb::TokenList) << QString() << dflt
                                << false << QString() << QString() << QString();
    QTest::newRow("token revoke") << QStringList { "token", "revoke", "b1", "--db", "/d" } << int(Verb::TokenRevoke)
                                  << "/d" << dflt << false << QString() << "b1" << QString();
    QTest::newRow("project add") << QStringList { "project", "add", "/repo", "--base", "main", "--name", "R" }
                                 << int(Verb::ProjectAdd) << QString() << dflt << false << QString() << "R"
                                 << "/repo";
    QTest::newRow("project list") << QStringList { "project", "list" } << int(Verb::ProjectList) << QString() << dflt
                                  << false << QString() << QString() << QString();
}

void TestCommandLine::accepted()
{
    QFETCH(QStringList, args);
    args.prepend(QStringLiteral("autopack"));
    const auto parsed = parseCommandLine(args);
    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error().message));
    QTEST(int(parsed->verb), "verb");
    QTEST(parsed->dbPath, "db");
    QTEST(parsed->listen, "listen");
    QTEST(parsed->headless, "headless");
    QTEST(parsed->role, "role");
    QTEST(parsed->name, "name");
    QTEST(parsed->path, "path");
}

void TestCommandLine::refused_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("unknown option") << QStringList { "--frobnicate" } << "--frobnicate";
    QTest::newRow("missing value") << QStringList { "--db" } << "--db";
    QTest::newRow("value is option") << QStringList { "--db", "--headless" } << "--db";
    QTest::newRow("flag with value") << QStringList { "--headless=yes" } << "--headless";
    QTest::newRow("unknown noun") << QStringList { "tokens", "list" } << "tokens";
    QTest::newRow("no subcommand") << QStringList { "token" } << "token";
    QTest::newRow("unknown sub") << QStringList { "token", "delete" } << "delete";
    QTest::newRow("create no role") << QStringList { "token", "create", "--name", "x" } << "--role";
    QTest::newRow("create bad role") << QStringList { "token", "create", "--role", "king", "--name", "x" } << "king";
    QTest::newRow("create no name") << QStringList { "token", "create", "--role", "admin" } << "--name";
    QTest::newRow("revoke no name") << QStringList { "token", "revoke" } << "NAME";
    QTest::newRow("project add no path") << QStringList { "project", "add" } << "PATH";
    QTest::newRow("listen with verb") << QStringList { "token", "list", "--listen", "x:1" } << "--listen";
    QTest::newRow("stray argument") << QStringList { "extra" } << "extra";
    QTest::newRow("stray after start") << QStringList { "--headless", "extra" } << "extra";
}

void TestCommandLine::refused()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    args.prepend(QStringLiteral("autopack"));
    const auto parsed = parseCommandLine(args);
    QVERIFY(!parsed.has_value());
    QVERIFY2(parsed.error().message.contains(mentions), qPrintable(parsed.error().message));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
