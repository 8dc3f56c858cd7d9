#include "ciconfig.h"

#include <QTest>

using namespace Autopack::Ci;

class TestCiConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyIsValidWithDefaults_data();
    void emptyIsValidWithDefaults();
    void fullConfig();
    void strictFallsBackToNormal();
    void refused_data();
    void refused();
    void environmentAllowList();
};

void TestCiConfig::emptyIsValidWithDefaults_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("empty string") << QByteArray();
    QTest::newRow("whitespace") << QByteArray(" \n");
    QTest::newRow("empty object") << QByteArray("{}");
}

void TestCiConfig::emptyIsValidWithDefaults()
{
    QFETCH(QByteArray, json);
    const auto cfg = CiConfig::fromJson(json);
    QVERIFY2(cfg, qPrintable(cfg ? QString() : cfg.error().toString()));
    QVERIFY(cfg->commandsFor(Profile::Normal).isEmpty());
    QVERIFY(cfg->commandsFor(Profile::Strict).isEmpty());
    QCOMPARE(cfg->attempts, 3);
    QCOMPARE(cfg->backoffMs, 5000);
    QCOMPARE(cfg->concurrency, 1);
    QCOMPARE(cfg->timeoutMs, 600000);
}

void TestCiConfig::fullConfig()
{
    const auto cfg = CiConfig::fromJson(R"({
        "normal": [["ctest", "--output-on-failure"], {"shell": "make check | tee log"},
                   {"argv": ["./lint", "-q"], "name": "lint", "timeout_seconds": 1.5}],
        "strict": [{"shell": "make strict"}],
        "timeout_seconds": 90, "env_allow": ["CC", "CXX"], "env": {"CI": "1"},
        "attempts": 5, "backoff_seconds": 0.25, "concurrency": 2 })");
    QVERIFY2(cfg, qPrintable(cfg ? QString() : cfg.error().toString()));
    QCOMPARE(cfg->normal.size(), 3);
    const CiCommand &argv = cfg->normal.at(0);
    QVERIFY(!argv.isShell());
    QCOMPARE(argv.program(), QStringLiteral("ctest"));
    QCOMPARE(argv.arguments(), QStringList { QStringLiteral("--output-on-failure") });
    QCOMPARE(argv.name, QStringLiteral("ctest --output-on-failure"));
    QCOMPARE(cfg->timeoutMsFor(argv), 90000);
    const CiCommand &shell = cfg->normal.at(1);
    QVERIFY(shell.isShell());
    QCOMPARE(shell.program(), QStringLiteral("/bin/sh"));
    QCOMPARE(shell.arguments(), (QStringList { QStringLiteral("-c"), QStringLiteral("make check | tee log") }));
    const CiCommand &lint = cfg->normal.at(2);
    QCOMPARE(lint.name, QStringLiteral("lint"));
    QCOMPARE(cfg->timeoutMsFor(lint), 1500);
    QCOMPARE(cfg->commandsFor(Profile::Strict).size(), 1);
    QCOMPARE(cfg->commandsFor(Profile::Strict).at(0).shell, QStringLiteral("make strict"));
    QCOMPARE(cfg->envAllow, (QStringList { QStringLiteral("CC"), QStringLiteral("CXX") }));
    QCOMPARE(cfg->env.value(QStringLiteral("CI")), QStringLiteral("1"));
    QCOMPARE(cfg->attempts, 5);
    QCOMPARE(cfg->backoffMs, 250);
    QCOMPARE(cfg->concurrency, 2);
}

void TestCiConfig::strictFallsBackToNormal()
{
    for (const QByteArray &json :
        { QByteArray(R"({"normal": [["true"]]})"), QByteArray(R"({"normal": [["true"]], "strict": []})") }) {
        const auto cfg = CiConfig::fromJson(json);
        QVERIFY(cfg);
        QCOMPARE(cfg->commandsFor(Profile::Strict).size(), 1);
        QCOMPARE(cfg->commandsFor(Profile::Strict).at(0).program(), QStringLiteral("true"));
    }
    QVERIFY(profileFromString(u"strict") == Profile::Strict);
    QVERIFY(profileFromString(u"normal") == Profile::Normal);
    QVERIFY(!profileFromString(u"lenient"));
}

void TestCiConfig::refused_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("says");

    QTest::newRow("not json") << QByteArray("{") << QString() << "not valid JSON";
    QTest::newRow("array") << QByteArray("[]") << QString() << "JSON object";
    QTest::newRow("unknown key") << QByteArray(R"({"timeout": 3})") << "timeout"
                                 << "unknown key";
    QTest::newRow("normal not list") << QByteArray(R"({"normal": "make"})") << "normal"
                                     << "list of commands";
    QTest::newRow("bare string command") << QByteArray(R"({"normal": ["make check"]})") << "normal[0]"
                                         << "bare string";
    QTest::newRow("empty argv") << QByteArray(R"({"normal": [[]]})") << "normal[0]"
                                << "non-empty list";
    QTest::newRow("argv number") << QByteArray(R"({"strict": [["make", 3]]})") << "strict[0][1]"
                                 << "string";
    QTest::newRow("empty program") << QByteArray(R"({"normal": [[""]]})") << "normal[0][0]"
                                   << "program";
    QTest::newRow("both argv and shell") << QByteArray(R"({"normal": [{"argv": ["a"], "shell": "b"}]})") << "normal[0]"
                                         << "exactly one";
    QTest::newRow("empty shell") << QByteArray(R"({"normal": [["ok"], {"shell": " "}]})") << "normal[1].shell"
                                 << "non-empty";
    QTest::newRow("unknown command key") << QByteArray(R"({"normal": [{"shell": "x", "cwd": "/"}]})") << "normal[0].cwd"
                                         << "unknown key";
    QTest::newRow("command timeout zero")
        << QByteArray(R"({"normal": [{"shell": "x", "timeout_seconds": 0}]})") << "normal[0].timeout_seconds"
        << "seconds";
    QTest::newRow("timeout string") << QByteArray(R"({"timeout_seconds": "10"})") << "timeout_seconds"
                                    << "seconds";
    QTest::newRow("timeout negative") << QByteArray(R"({"timeout_seconds": -1})") << "timeout_seconds"
                                      << "seconds";
    QTest::newRow("attempts zero") << QByteArray(R"({"attempts": 0})") << "attempts"
                                   << "integer from 1 to 20";
    QTest::newRow("attempts fraction") << QByteArray(R"({"attempts": 1.5})") << "attempts"
                                       << "integer";
    QTest::newRow("backoff negative") << QByteArray(R"({"backoff_seconds": -0.1})") << "backoff_seconds"
                                      << "seconds";
    QTest::newRow("concurrency huge") << QByteArray(R"({"concurrency": 1000})") << "concurrency"
                                      << "integer from 1 to 64";
    QTest::newRow("env_allow bad name") << QByteArray(R"({"env_allow": ["OK", "NOT-OK"]})") << "env_allow[1]"
                                        << "variable name";
    QTest::newRow("env not object") << QByteArray(R"({"env": ["A=1"]})") << "env"
                                    << "object";
    QTest::newRow("env value number") << QByteArray(R"({"env": {"A": 1}})") << "env.A"
                                      << "string";
}

void TestCiConfig::refused()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, says);
    const auto cfg = CiConfig::fromJson(json);
    QVERIFY(!cfg);
    QCOMPARE(cfg.error().field, field);
    QVERIFY2(cfg.error().message.contains(says), qPrintable(cfg.error().message));
    if (!field.isEmpty())
        QVERIFY(cfg.error().toString().contains(QLatin1Char('\'') + field + QLatin1Char('\'')));
}

void TestCiConfig::environmentAllowList()
{
    QProcessEnvironment parent;
    parent.insert(QStringLiteral("CC"), QStringLiteral("gcc-12"));
    parent.insert(QStringLiteral("SECRET_TOKEN"), QStringLiteral("hunter2"));
    parent.insert(QStringLiteral("PATH"), QStringLiteral("/opt/user/bin:/usr/bin"));
    parent.insert(QStringLiteral("HOME"), QStringLiteral("/home/user"));

    auto cfg = CiConfig::fromJson(R"({"env_allow": ["CC", "MISSING"], "env": {"CI": "true"}})");
    QVERIFY(cfg);
    QProcessEnvironment env = cfg->environment(parent, QStringLiteral("/scratch/home"));
    QCOMPARE(env.value(QStringLiteral("CC")), QStringLiteral("gcc-12"));
    QCOMPARE(env.value(QStringLiteral("CI")), QStringLiteral("true"));
    QVERIFY(!env.contains(QStringLiteral("SECRET_TOKEN")));
    QVERIFY(!env.contains(QStringLiteral("MISSING")));
    QCOMPARE(env.value(QStringLiteral("PATH")), QString::fromLatin1(CiConfig::DefaultPath));
    QCOMPARE(env.value(QStringLiteral("HOME")), QStringLiteral("/scratch/home"));
    QCOMPARE(env.value(QStringLiteral("LANG")), QStringLiteral("C.UTF-8"));
    QCOMPARE(env.keys().size(), 5);

    // Allowing PATH and HOME passes the user's own values instead of the defaults.
    cfg = CiConfig::fromJson(R"({"env_allow": ["PATH", "HOME"]})");
    QVERIFY(cfg);
    env = cfg->environment(parent, QStringLiteral("/scratch/home"));
    QCOMPARE(env.value(QStringLiteral("PATH")), QStringLiteral("/opt/user/bin:/usr/bin"));
    QCOMPARE(env.value(QStringLiteral("HOME")), QStringLiteral("/home/user"));
}

QTEST_GUILESS_MAIN(TestCiConfig)
#include "tst_ciconfig.moc"
