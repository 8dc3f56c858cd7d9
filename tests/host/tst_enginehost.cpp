#include "enginehost.h"
#include "runfixture.h"
#include "store.h"

#include <QFile>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Autopack;

class TestEngineHost : public QObject
{
    Q_OBJECT

    static QByteArray get(quint16 port, const QByteArray &path, const QByteArray &token = {})
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(5000))
            return {};
        QByteArray request = "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
        if (!token.isEmpty())
            request += "Authorization: Bearer " + token + "\r\n";
        socket.write(request + "\r\n");
        QByteArray answer;
        while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(5000))
            answer += socket.readAll();
        return answer + socket.readAll();
    }

    // One request on its own connection; the whole answer, head and body.
    static QByteArray post(quint16 port, const QByteArray &path, const QByteArray &body, const QByteArray &headers)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(5000))
            return {};
        socket.write("POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                     + headers + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray answer;
        while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(5000))
            answer += socket.readAll();
        return answer + socket.readAll();
    }

    // Data under `dir`, an ephemeral port on loopback.
    static Host::EngineHostOptions optionsIn(const QTemporaryDir &dir)
    {
        Host::EngineHostOptions options;
        options.dataDir = dir.filePath(QStringLiteral("data"));
        options.listen = QStringLiteral("127.0.0.1:0");
        return options;
    }

private Q_SLOTS:
    void servesTheApiWithTheEngineOnItsThread()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("a.db")));
        QVERIFY(store.has_value());
        const auto token = (*store)->createToken(QStringLiteral("watcher"), QStringLiteral("observer"));
        QVERIFY(token.has_value());

        Host::EngineHost host(**store);
        const Host::EngineHostOptions options = optionsIn(dir);
        const auto started = host.start(options);
        QVERIFY2(started.has_value(), qPrintable(started ? QString() : started.error()));
        QVERIFY(host.supervisor());
        QVERIFY(host.supervisor()->thread() != QThread::currentThread());
        const quint16 port = host.listenAddress().section(QLatin1Char(':'), -1).toUShort();
        QVERIFY(port != 0);

        QVERIFY(get(port, "/health").contains("healthy"));
        QVERIFY(get(port, "/runs/nope").startsWith("HTTP/1.1 401"));
        QVERIFY(get(port, "/runs/nope", token->plainToken.toUtf8()).startsWith("HTTP/1.1 404"));
        QVERIFY(get(port, "/openapi.json", token->plainToken.toUtf8()).contains("/runs/start"));

        host.stop();
        QVERIFY(!host.supervisor());
        QVERIFY(get(port, "/health").isEmpty()); // nobody listens any more
    }

    void oneEnginePerDatabase()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("one.db"));
        auto first = Store::open(path);
        auto second = Store::open(path); // as another process would open it
        QVERIFY(first.has_value() && second.has_value());
        const Host::EngineHostOptions options = optionsIn(dir);

        Host::EngineHost running(**first);
        QVERIFY(running.start(options).has_value());
        Host::EngineHost other(**second);
        const auto refused = other.start(options);
        QVERIFY(!refused.has_value());
        QVERIFY2(refused.error().contains(QStringLiteral("another Autopack engine")) && refused.error().contains(path),
                 qPrintable(refused.error()));
        QVERIFY(!other.supervisor());

        running.stop();
        const auto started = other.start(options);
        QVERIFY2(started.has_value(), qPrintable(started ? QString() : started.error()));
        other.stop();
    }

    void lockNamesTheFileNotTheSpelling()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("real.db"));
        auto store = Store::open(path);
        QVERIFY(store.has_value());
        QVERIFY(QFile::link(path, dir.filePath(QStringLiteral("alias.db"))));
        auto held = Host::EngineHost::lockDatabase(path);
        QVERIFY(held.has_value());
        const auto viaLink = Host::EngineHost::lockDatabase(dir.filePath(QStringLiteral("alias.db")));
        QVERIFY(!viaLink.has_value());
        QVERIFY2(viaLink.error().contains(QStringLiteral("another Autopack engine")), qPrintable(viaLink.error()));
        held->reset();
        QVERIFY(Host::EngineHost::lockDatabase(dir.filePath(QStringLiteral("alias.db"))).has_value());
    }

    void aFailedStartReleasesTheLock()
    {
        QTemporaryDir dir;
        auto first = Store::open(dir.filePath(QStringLiteral("a.db")));
        auto second = Store::open(dir.filePath(QStringLiteral("b.db")));
        QVERIFY(first.has_value() && second.has_value());
        const Host::EngineHostOptions options = optionsIn(dir);
        Host::EngineHost running(**first);
        QVERIFY(running.start(options).has_value());

        Host::EngineHostOptions taken = options;
        taken.listen = running.listenAddress(); // that port is in use
        Host::EngineHost refused(**second);
        const auto failed = refused.start(taken);
        QVERIFY(!failed.has_value());
        QVERIFY2(failed.error().contains(QStringLiteral("cannot listen")), qPrintable(failed.error()));
        QVERIFY(!refused.supervisor());
        // Nothing of the failed start is left holding b.db.
        QVERIFY(Host::EngineHost::lockDatabase(dir.filePath(QStringLiteral("b.db"))).has_value());
    }

    void idempotentAnswersOutliveARestart()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("idem.db"));
        auto store = Store::open(path);
        QVERIFY(store.has_value());
        Project p;
        p.name = QStringLiteral("p");
        p.repoPath = dir.filePath(QStringLiteral("repo"));
        TestSupport::makeProjectRepository(p.repoPath);
        p.baseBranch = QStringLiteral("main");
        p.ciCommandsJson = TestSupport::kGreenCi;
        QVERIFY((*store)->addProject(p).has_value());
        const auto admin = (*store)->createToken(QStringLiteral("boss"), QStringLiteral("admin"));
        QVERIFY(admin.has_value());
        const QByteArray auth = "Authorization: Bearer " + admin->plainToken.toUtf8() + "\r\n";
        const QByteArray headers = auth + "Idempotency-Key: cancel-r1-once\r\n";
        const QByteArray body = R"({"reason": "stop it"})";
        const Host::EngineHostOptions options = optionsIn(dir);

        QByteArray first;
        {
            Host::EngineHost host(**store);
            QVERIFY(host.start(options).has_value());
            const quint16 port = host.listenAddress().section(u':', -1).toUShort();
            const QByteArray plan = QJsonDocument(TestSupport::plan(QStringLiteral("r1"), { TestSupport::phaseJson(
                                                      QStringLiteral("p1"), 0, QStringLiteral("t1"), QStringLiteral("docs")) }))
                                        .toJson(QJsonDocument::Compact);
            const QByteArray started = post(port, "/runs/start", plan, auth);
            QVERIFY2(started.startsWith("HTTP/1.1 201"), started.constData());
            first = post(port, "/runs/r1/cancel", body, headers);
            QVERIFY2(first.startsWith("HTTP/1.1 200"), first.constData());
        }
        const qsizetype eventsAfterCancel = (*store)->runEvents(QStringLiteral("r1"))->size();

        // A new process: only the store remembers.
        store->reset();
        store = Store::open(path);
        QVERIFY(store.has_value());
        Host::EngineHost restarted(**store);
        QVERIFY(restarted.start(options).has_value());
        const quint16 port = restarted.listenAddress().section(u':', -1).toUShort();
        const QByteArray retry = post(port, "/runs/r1/cancel", body, headers);
        QVERIFY2(retry.startsWith("HTTP/1.1 200"), retry.constData()); // run again it would be a 409
        QVERIFY(retry.toLower().contains("idempotency-replayed: true"));
        QCOMPARE(retry.mid(retry.indexOf("\r\n\r\n")), first.mid(first.indexOf("\r\n\r\n")));
        QCOMPARE((*store)->runEvents(QStringLiteral("r1"))->size(), eventsAfterCancel);
        // The same key for another request is still refused.
        const QByteArray other = post(port, "/runs/r1/cancel", R"({"reason": "other"})", headers);
        QVERIFY2(other.startsWith("HTTP/1.1 422"), other.constData());
    }

    void refusesABadListenAddress()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("a.db")));
        Host::EngineHost host(**store);
        Host::EngineHostOptions options;
        options.dataDir = dir.filePath(QStringLiteral("data"));
        options.listen = QStringLiteral("0.0.0.0:0"); // not loopback, no --insecure
        const auto started = host.start(options);
        QVERIFY(!started);
        QVERIFY2(started.error().contains(QStringLiteral("--listen")), qPrintable(started.error()));
        options.listen = QStringLiteral("127.0.0.1:notaport");
        QVERIFY(!host.start(options));
    }

    void resumesUnfinishedRuns()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("a.db")));
        Project p;
        p.name = QStringLiteral("p");
        p.repoPath = dir.filePath(QStringLiteral("no-repo"));
        p.baseBranch = QStringLiteral("main");
        const auto project = (*store)->addProject(p);
        QVERIFY(project.has_value());
        Run run;
        run.runId = QStringLiteral("r1");
        run.projectId = project->id;
        Tier tier;
        tier.tierId = QStringLiteral("t1");
        Phase phase;
        phase.phaseId = QStringLiteral("p1");
        phase.tierId = QStringLiteral("t1");
        QVERIFY((*store)->createRun(run, { tier }, { phase }).has_value());

        Host::EngineHost host(**store);
        const Host::EngineHostOptions options = optionsIn(dir);
        QVERIFY(host.start(options).has_value());
        QCOMPARE(host.resumedRuns(), 1);
    }
};

QTEST_GUILESS_MAIN(TestEngineHost)
#include "tst_enginehost.moc"
