// The Agents dock over a real Store and a real AgentPresence: profiles kept in QSettings,
// Start running a real child process (a fake `autopack` script) with a token of the
// profile's role in its environment, its output shown, Stop terminating it (and killing
// one that ignores SIGTERM), the window closing stopping what still runs; the agents
// seen listed with what their leases say they work on.

#include "agentpresence.h"
#include "agentprofile.h"
#include "agentsdock.h"
#include "agentsseenmodel.h"
#include "localrunner.h"
#include "mainwindow.h"
#include "uitestfixture.h"

#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QTest>
#include <QTreeWidget>

#include <csignal>

using namespace Autopack;
using namespace Autopack::UiTest;

namespace {

Ui::AgentProfile profile(const QString &name, const QString &role = QStringLiteral("builder"))
{
    Ui::AgentProfile p;
    p.name = name;
    p.role = role;
    p.adapter = QStringLiteral("command");
    p.command = QStringLiteral("/bin/sh ./agent.sh");
    p.parallel = 2;
    return p;
}

bool processExists(qint64 pid) { return pid > 0 && ::kill(pid_t(pid), 0) == 0; }

} // namespace

class TestAgentsDock : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> m_f;

    // A stand-in for `autopack`: says what it was given on stderr, keeps the token where
    // the test can check it, then waits like a runner with nothing to claim.
    QString fakeAutopack(const QString &name, bool ignoreTerm = false)
    {
        const QString path = m_f->dir.filePath(name);
        QFile script(path);
        if (!script.open(QIODevice::WriteOnly))
            return {};
        script.write("#!/bin/bash\n");
        script.write("printf '%s\\n' \"$AUTOPACK_TOKEN\" > \"$0.token\"\n");
        if (ignoreTerm)
            script.write("trap '' TERM\n");
        script.write("echo \"12:00:00 fake runner: $*\" >&2\n");
        script.write(ignoreTerm ? "while true; do sleep 0.1; done\n" : "exec sleep 30\n");
        script.close();
        script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        return path;
    }

    QString tokenOf(const QString &scriptPath)
    {
        QFile f(scriptPath + QStringLiteral(".token"));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()).trimmed() : QString();
    }

private Q_SLOTS:
    void init()
    {
        m_f = std::make_unique<Fixture>();
        QCOMPARE(m_f->error, QString());
        QCOMPARE(m_f->createRun(QStringLiteral("r1")), QString());
    }

    void cleanup() { m_f.reset(); }

    void profileSavedAndReadBack()
    {
        {
            Ui::AgentsDock dock;
            QCOMPARE(dock.profiles().size(), 0);
            QVERIFY(!dock.startButton()->isEnabled());
            dock.addProfile(profile(QStringLiteral("b1")));
            dock.addProfile(profile(QStringLiteral("a1"), QStringLiteral("auditor")));
            QCOMPARE(dock.profilesView()->topLevelItemCount(), 2);
            QCOMPARE(dock.selectedProfile(), QStringLiteral("a1"));
        }
        QSettings settings;
        const auto stored = Ui::AgentProfile::load(settings);
        QCOMPARE(stored.size(), 2);
        QCOMPARE(stored.at(0), profile(QStringLiteral("b1")));
        QCOMPARE(stored.at(1), profile(QStringLiteral("a1"), QStringLiteral("auditor")));

        Ui::AgentsDock again;
        QCOMPARE(again.profiles(), stored);
        Ui::AgentProfile renamed = profile(QStringLiteral("b2"));
        renamed.parallel = 8;
        again.replaceProfile(QStringLiteral("b1"), renamed);
        again.removeProfile(QStringLiteral("a1"));
        QCOMPARE(Ui::AgentProfile::load(settings), QList<Ui::AgentProfile> { renamed });
        QCOMPARE(renamed.arguments(QStringLiteral("http://127.0.0.1:8765")),
            (QStringList { "agent", "--role", "builder", "--adapter", "command", "--command", "/bin/sh ./agent.sh",
                "--parallel", "8", "--url", "http://127.0.0.1:8765" }));
    }

    void startRunsTheRunnerAndStopTerminatesIt()
    {
        Ui::AgentsDock dock;
        dock.setStore(m_f->store.get());
        dock.setListenAddress(QStringLiteral("0.0.0.0:8765"));
        QCOMPARE(dock.engineUrl(), QStringLiteral("http://127.0.0.1:8765"));
        const QString program = fakeAutopack(QStringLiteral("autopack"));
        QVERIFY(!program.isEmpty());
        dock.setProgram(program);
        dock.addProfile(profile(QStringLiteral("b1")));
        QVERIFY(dock.startButton()->isEnabled());
        QVERIFY(!dock.stopButton()->isEnabled());

        QTest::mouseClick(dock.startButton(), Qt::LeftButton);
        Ui::LocalRunner *runner = dock.runner(QStringLiteral("b1"));
        QVERIFY(runner);
        QCOMPARE(runner->state(), Ui::LocalRunner::State::Running);
        QVERIFY(runner->pid() > 0);
        QTRY_VERIFY(dock.outputView()->toPlainText().contains(
            QStringLiteral("12:00:00 fake runner: agent --role builder --adapter command --command /bin/sh "
                           "./agent.sh --parallel 2 --url http://127.0.0.1:8765")));
        QCOMPARE(dock.profilesView()->topLevelItem(0)->text(4), QStringLiteral("running · pid %1").arg(runner->pid()));
        QVERIFY(!dock.startButton()->isEnabled());
        QVERIFY(dock.stopButton()->isEnabled());
        QVERIFY(!dock.removeButton()->isEnabled());

        // Its token: made for it, of its role, in its environment only.
        QTRY_VERIFY(!tokenOf(program).isEmpty());
        const QString token = tokenOf(program);
        QVERIFY(!dock.outputView()->toPlainText().contains(token));
        const auto verified = m_f->store->verifyToken(token);
        QVERIFY(verified);
        QCOMPARE(verified->name, QStringLiteral("window-b1"));
        QCOMPARE(verified->role, QStringLiteral("builder"));

        const qint64 pid = runner->pid();
        QTest::mouseClick(dock.stopButton(), Qt::LeftButton);
        QTRY_COMPARE(runner->state(), Ui::LocalRunner::State::Exited);
        QCOMPARE(runner->endText(), QStringLiteral("stopped")); // SIGTERM, not the kill
        QVERIFY(!processExists(pid));
        QVERIFY(dock.profilesView()->topLevelItem(0)->text(4).startsWith(QStringLiteral("ended: stopped")));
        QVERIFY(!m_f->store->verifyToken(token)); // revoked with its runner
        QVERIFY(dock.startButton()->isEnabled());

        // Again: the old name stays taken by the revoked token, so the next one is -2.
        QVERIFY(dock.startProfile(QStringLiteral("b1")));
        QTRY_VERIFY(tokenOf(program) != token && !tokenOf(program).isEmpty());
        QCOMPARE(m_f->store->verifyToken(tokenOf(program))->name, QStringLiteral("window-b1-2"));
        dock.stopProfile(QStringLiteral("b1"));
        QTRY_COMPARE(runner->state(), Ui::LocalRunner::State::Exited);
    }

    void stopKillsARunnerIgnoringSigterm()
    {
        Ui::AgentsDock dock;
        dock.setStore(m_f->store.get());
        dock.setListenAddress(QStringLiteral("127.0.0.1:8765"));
        dock.setProgram(fakeAutopack(QStringLiteral("stubborn"), true));
        dock.addProfile(profile(QStringLiteral("b1")));
        QVERIFY(dock.startProfile(QStringLiteral("b1")));
        Ui::LocalRunner *runner = dock.runner(QStringLiteral("b1"));
        runner->setStopTimeout(std::chrono::milliseconds(500));
        QTRY_VERIFY(dock.outputView()->toPlainText().contains(QStringLiteral("fake runner")));
        dock.stopProfile(QStringLiteral("b1"));
        QCOMPARE(runner->state(), Ui::LocalRunner::State::Stopping);
        QTRY_COMPARE(runner->state(), Ui::LocalRunner::State::Exited);
        QCOMPARE(runner->endText(), QStringLiteral("killed"));
        QVERIFY(dock.outputView()->toPlainText().contains(QStringLiteral("after SIGTERM: killing it")));
    }

    void startWithoutListenerSaysWhy()
    {
        Ui::AgentsDock dock;
        dock.setStore(m_f->store.get());
        dock.addProfile(profile(QStringLiteral("b1")));
        QVERIFY(!dock.startButton()->isEnabled());
        QVERIFY(dock.startButton()->toolTip().contains(QStringLiteral("no API listener")));
        const auto started = dock.startProfile(QStringLiteral("b1"));
        QVERIFY(!started);
        QVERIFY(started.error().contains(QStringLiteral("no API listener")));
    }

    void closingTheWindowStopsRunners()
    {
        qint64 pid = 0;
        {
            Ui::MainWindow window;
            QVERIFY(window.setStore(*m_f->store, nullptr));
            window.setListenerStatus(QStringLiteral("127.0.0.1:8765"), 0);
            // The dock has its View menu entry, as the other docks do.
            QMenu *view = nullptr;
            for (QAction *a : window.menuBar()->actions())
                if (a->menu() && a->text().remove(QLatin1Char('&')) == QStringLiteral("View"))
                    view = a->menu();
            QVERIFY(view);
            QVERIFY(view->actions().contains(window.agentsDock()->toggleViewAction()));

            Ui::AgentsDock *dock = window.agentsDock();
            dock->setProgram(fakeAutopack(QStringLiteral("autopack")));
            dock->addProfile(profile(QStringLiteral("b1")));
            QVERIFY(dock->startProfile(QStringLiteral("b1")));
            pid = dock->runner(QStringLiteral("b1"))->pid();
            QVERIFY(processExists(pid));
            window.show();
            window.close();
            QCOMPARE(dock->runner(QStringLiteral("b1"))->state(), Ui::LocalRunner::State::Exited);
        }
        QVERIFY(!processExists(pid));
    }

    void agentsSeenFromPresenceAndLeases()
    {
        Host::AgentPresence presence;
        Ui::AgentsDock dock;
        dock.setStore(m_f->store.get());
        dock.setAgentPresence(&presence);
        Api::RequestLogEntry request;
        request.time = QDateTime::currentDateTimeUtc();
        request.method = QStringLiteral("POST");
        request.path = QStringLiteral("/work/claim");
        request.principal = QStringLiteral("builder-1");
        request.role = QStringLiteral("builder");
        request.status = 200;
        presence.seen(request);
        const auto lease = m_f->store->acquireLease(QStringLiteral("r1"), QStringLiteral("P1.1"),
            QStringLiteral("builder"), QStringLiteral("builder-1"), 60000);
        QVERIFY(lease);
        // Holding a lease without a request in the last minute still counts.
        QVERIFY(m_f->store->acquireLease(QStringLiteral("r1"), QStringLiteral("P1.2"), QStringLiteral("auditor"),
            QStringLiteral("auditor-9"), 60000));

        const Ui::AgentsSeenModel *model = dock.seenModel();
        QTRY_COMPARE(model->rowCount(), 2);
        const auto cell = [&](int row, int column) { return model->index(row, column).data().toString(); };
        QCOMPARE(cell(0, Ui::AgentsSeenModel::NameColumn), QStringLiteral("auditor-9"));
        QCOMPARE(cell(0, Ui::AgentsSeenModel::RoleColumn), QStringLiteral("auditor"));
        QCOMPARE(cell(0, Ui::AgentsSeenModel::LastSeenColumn), QStringLiteral("—"));
        QCOMPARE(cell(0, Ui::AgentsSeenModel::WorkColumn), QStringLiteral("r1 / P1.2"));
        QCOMPARE(cell(1, Ui::AgentsSeenModel::NameColumn), QStringLiteral("builder-1"));
        QCOMPARE(cell(1, Ui::AgentsSeenModel::RoleColumn), QStringLiteral("builder"));
        QCOMPARE(cell(1, Ui::AgentsSeenModel::LastSeenColumn),
            QLocale().toString(request.time.toLocalTime().time(), QStringLiteral("HH:mm:ss")));
        QCOMPARE(cell(1, Ui::AgentsSeenModel::WorkColumn), QStringLiteral("r1 / P1.1"));
        QCOMPARE(cell(1, Ui::AgentsSeenModel::SinceColumn),
            QLocale().toString(lease->acquiredAt.toLocalTime().time(), QStringLiteral("HH:mm:ss")));

        // Rows follow by rows: the selection stays on builder-1 while things change.
        dock.seenView()->setCurrentIndex(model->index(1, 0));
        QVERIFY(m_f->store->releaseLease(lease->id, QStringLiteral("builder-1"), QStringLiteral("done")));
        QTRY_COMPARE(cell(1, Ui::AgentsSeenModel::WorkColumn), QStringLiteral("idle"));
        QCOMPARE(dock.seenView()->currentIndex().data().toString(), QStringLiteral("builder-1"));
        presence.seen([&] {
            Api::RequestLogEntry other = request;
            other.principal = QStringLiteral("aider-2");
            return other;
        }());
        QTRY_COMPARE(model->rowCount(), 3);
        QCOMPARE(dock.seenView()->currentIndex().data().toString(), QStringLiteral("builder-1"));
    }
};

QTEST_MAIN(TestAgentsDock)
#include "tst_agentsdock.moc"
