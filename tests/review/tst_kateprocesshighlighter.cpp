#include "kateprocesshighlighter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Autopack::Highlight;

namespace {

// A stand-in front end: lists the themes as the real one does, then runs `body` for
// a highlighting call. `exec` so that killing the script kills what it waits in.
QString writeScript(const QTemporaryDir &dir, const QString &name, const QByteArray &body)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("#!/bin/sh\nif [ \"$1\" = --list-themes ]; then printf 'Breeze Dark\\nBreeze Light\\n'; exit 0; fi\n");
    file.write(body);
    file.close();
    file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
    return path;
}

bool haveKate() { return !QStandardPaths::findExecutable(QStringLiteral("kate-syntax-highlighter")).isEmpty(); }

} // namespace

class tst_KateProcessHighlighter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void highlightsCppAsynchronously()
    {
        if (!haveKate())
            QFAIL("kate-syntax-highlighter is not installed (scripts/install-deps.sh installs it)");
        KateProcessHighlighter highlighter;
        const QStringList lines { QStringLiteral("int main() {"), QStringLiteral("    return 0; // done"),
            QStringLiteral("}") };
        std::unique_ptr<HighlightReply> reply(
            highlighter.request(QStringLiteral("src/main.cpp"), lines, ThemeKind::Light));
        // Never answered from inside request().
        QVERIFY(!reply->isFinished());
        QSignalSpy finished(reply.get(), &HighlightReply::finished);
        QVERIFY(finished.wait(15000));
        QVERIFY2(reply->result(), qPrintable(reply->result() ? QString() : reply->result().error().message));
        const LineFormats &formats = *reply->result();
        QCOMPARE(formats.size(), 3);
        // "int" is a type in C++: coloured from column 0; the comment is coloured too.
        QVERIFY(!formats.at(0).isEmpty());
        QCOMPARE(formats.at(0).first().start, 0);
        QCOMPARE(formats.at(0).first().length, 3);
        QVERIFY(formats.at(0).first().hasForeground);
        bool commentFound = false;
        for (const FormatRange &range : formats.at(1))
            commentFound |= range.start == 14 && range.length == 7;
        QVERIFY(commentFound);

        // Dark theme: another colour for the same token.
        std::unique_ptr<HighlightReply> dark(
            highlighter.request(QStringLiteral("src/main.cpp"), lines, ThemeKind::Dark));
        QSignalSpy darkFinished(dark.get(), &HighlightReply::finished);
        QVERIFY(darkFinished.wait(15000));
        QVERIFY(dark->result());
        QVERIFY(dark->result()->at(0).first().foreground != formats.at(0).first().foreground);
    }

    void languageFollowsTheFileName()
    {
        if (!haveKate())
            QFAIL("kate-syntax-highlighter is not installed (scripts/install-deps.sh installs it)");
        KateProcessHighlighter highlighter;
        const QStringList lines { QStringLiteral("def f():"), QStringLiteral("    return \"x\"") };
        std::unique_ptr<HighlightReply> python(highlighter.request(QStringLiteral("a/b.py"), lines, ThemeKind::Light));
        std::unique_ptr<HighlightReply> plain(
            highlighter.request(QStringLiteral("a/b.unknownextension"), lines, ThemeKind::Light));
        QSignalSpy pythonDone(python.get(), &HighlightReply::finished);
        QSignalSpy plainDone(plain.get(), &HighlightReply::finished);
        QVERIFY(pythonDone.wait(15000));
        QVERIFY(plainDone.count() || plainDone.wait(15000));
        QVERIFY(python->result());
        QVERIFY(!python->result()->at(0).isEmpty()); // "def" is a keyword
        // No definition for the name: plain text, not an error.
        QVERIFY2(plain->result(), qPrintable(plain->result() ? QString() : plain->result().error().message));
        QCOMPARE(plain->result()->size(), 2);
        QVERIFY(plain->result()->at(0).isEmpty());
        QVERIFY(plain->result()->at(1).isEmpty());
    }

    void cachedByNameThemeAndContent()
    {
        QTemporaryDir dir;
        // Answers once with a known format for line 1; counts its calls in a file.
        const QString script = writeScript(dir, QStringLiteral("fake.sh"),
            "echo x >> \"$(dirname \"$0\")/calls\"\n"
            "printf '<pre>\\n<span style=\"color:#112233;\">ab</span>c\\n</pre>'\n");
        KateProcessHighlighter highlighter({ script, 5000, 16 });
        auto run = [&](const QString &name, const QStringList &lines) {
            std::unique_ptr<HighlightReply> reply(highlighter.request(name, lines, ThemeKind::Light));
            QSignalSpy done(reply.get(), &HighlightReply::finished);
            if (!reply->isFinished())
                done.wait(5000);
            return reply->result();
        };
        const auto first = run(QStringLiteral("x.cpp"), { QStringLiteral("abc") });
        QVERIFY(first);
        QCOMPARE(first->at(0), (QList<FormatRange> { { 0, 2, 0xff112233u, true, false, false } }));
        QCOMPARE(highlighter.processesStarted(), 1);
        QCOMPARE(run(QStringLiteral("x.cpp"), { QStringLiteral("abc") }), first);
        QCOMPARE(highlighter.processesStarted(), 1);
        QVERIFY(run(QStringLiteral("x.cpp"), { QStringLiteral("abd") }));
        QCOMPARE(highlighter.processesStarted(), 2);
        QVERIFY(run(QStringLiteral("y.cpp"), { QStringLiteral("abc") }));
        QCOMPARE(highlighter.processesStarted(), 3);
    }

    void aFrontEndThatNeverAnswersTimesOutWithoutBlocking()
    {
        QTemporaryDir dir;
        const QString script = writeScript(dir, QStringLiteral("sleeper.sh"), "exec sleep 60\n");
        KateProcessHighlighter highlighter({ script, 800, 16 });
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start(20);
        QElapsedTimer clock;
        clock.start();
        std::unique_ptr<HighlightReply> reply(
            highlighter.request(QStringLiteral("main.cpp"), { QStringLiteral("int x;") }, ThemeKind::Light));
        QVERIFY(clock.elapsed() < 200); // request() itself returns at once
        QSignalSpy finished(reply.get(), &HighlightReply::finished);
        QVERIFY(finished.wait(5000));
        const qint64 elapsed = clock.elapsed();
        QVERIFY2(elapsed >= 700 && elapsed < 4000, qPrintable(QString::number(elapsed)));
        QVERIFY(!reply->result());
        QCOMPARE(reply->result().error().message,
            QStringLiteral("highlighting main.cpp: %1 did not answer within 800 ms").arg(script));
        // The GUI thread kept running its timers all along (about 40 ticks in 800 ms).
        QVERIFY2(ticks >= 15, qPrintable(QString::number(ticks)));
    }

    void cancelStopsTheRequestAndEmitsNothing()
    {
        QTemporaryDir dir;
        const QString script = writeScript(dir, QStringLiteral("sleeper.sh"), "exec sleep 60\n");
        KateProcessHighlighter highlighter({ script, 60000, 16 });
        std::unique_ptr<HighlightReply> reply(
            highlighter.request(QStringLiteral("main.cpp"), { QStringLiteral("x") }, ThemeKind::Light));
        QSignalSpy finished(reply.get(), &HighlightReply::finished);
        QTest::qWait(300); // the process is running by now
        QCOMPARE(highlighter.processesStarted(), 1);
        reply->cancel();
        QVERIFY(reply->isCancelled());
        QTest::qWait(200);
        QCOMPARE(finished.count(), 0);
        QVERIFY(!reply->isFinished());
    }

    void failuresSayWhatWentWrong()
    {
        {
            KateProcessHighlighter highlighter({ QStringLiteral("/nonexistent/kate-syntax-highlighter"), 5000, 16 });
            std::unique_ptr<HighlightReply> reply(
                highlighter.request(QStringLiteral("a.cpp"), { QStringLiteral("x") }, ThemeKind::Light));
            QSignalSpy finished(reply.get(), &HighlightReply::finished);
            QVERIFY(finished.wait(5000));
            QVERIFY(!reply->result());
            QVERIFY2(reply->result().error().message.startsWith(
                         QStringLiteral("highlighting a.cpp: cannot start /nonexistent/kate-syntax-highlighter")),
                qPrintable(reply->result().error().message));
        }
        {
            QTemporaryDir dir;
            const QString script = writeScript(dir, QStringLiteral("broken.sh"), "echo 'it broke' >&2; exit 3\n");
            KateProcessHighlighter highlighter({ script, 5000, 16 });
            std::unique_ptr<HighlightReply> reply(
                highlighter.request(QStringLiteral("a.cpp"), { QStringLiteral("x") }, ThemeKind::Light));
            QSignalSpy finished(reply.get(), &HighlightReply::finished);
            QVERIFY(finished.wait(5000));
            QVERIFY(!reply->result());
            QCOMPARE(reply->result().error().message,
                QStringLiteral("highlighting a.cpp: %1 failed (exit code 3): it broke").arg(script));
        }
        {
            // A front end whose themes are none of ours: refused rather than black on black.
            QTemporaryDir dir;
            const QString path = dir.filePath(QStringLiteral("themes.sh"));
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("#!/bin/sh\necho Solarized; exit 0\n");
            file.close();
            file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
            KateProcessHighlighter highlighter({ path, 5000, 16 });
            std::unique_ptr<HighlightReply> reply(
                highlighter.request(QStringLiteral("a.cpp"), { QStringLiteral("x") }, ThemeKind::Dark));
            QSignalSpy finished(reply.get(), &HighlightReply::finished);
            QVERIFY(finished.wait(5000));
            QVERIFY(!reply->result());
            QVERIFY2(reply->result().error().message.contains(QStringLiteral("none of the themes Breeze Dark")),
                qPrintable(reply->result().error().message));
        }
    }
};

QTEST_GUILESS_MAIN(tst_KateProcessHighlighter)
#include "tst_kateprocesshighlighter.moc"
