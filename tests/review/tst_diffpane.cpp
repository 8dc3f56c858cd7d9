#include "difffixtures.h"
#include "diffpane.h"
#include "kateprocesshighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QImage>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Autopack::DiffUi;
using namespace Autopack::Git;
using namespace Autopack::Highlight;

namespace {

QString writeScript(const QTemporaryDir &dir, const QString &name, const QByteArray &body)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("#!/bin/sh\nif [ \"$1\" = --list-themes ]; then printf 'Breeze Light\\nBreeze Dark\\n'; exit 0; fi\n");
    file.write(body);
    file.close();
    file.setPermissions(file.permissions() | QFileDevice::ExeOwner);
    return path;
}

// The centre height of a row's text box, in viewport coordinates.
int rowY(const DiffPane &pane, int row, int offset = 2) { return (row - pane.topRow()) * pane.rowHeight() + offset; }

QImage grabViewport(DiffPane &pane) { return pane.viewport()->grab().toImage(); }

} // namespace

class tst_DiffPane : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_pane = std::make_unique<DiffPane>();
        m_pane->resize(1000, 700);
        m_pane->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
    }
    void cleanup() { m_pane.reset(); }

    void paintsIntralineChangesWhereTheRangesAre()
    {
        m_pane->setFiles(DiffFixtures::mixedDiff());
        const QImage image = grabViewport(*m_pane);
        QVERIFY(!image.isNull());
        // Row 4: "-    return compute(1, 2);", changed range {22, 1} (the "2").
        const QString removed = QStringLiteral("    return compute(1, 2);");
        const int x0 = m_pane->textX(false);
        const int changeX = x0 + m_pane->advance(removed.left(22)) + 1;
        const int plainX = x0 + m_pane->advance(removed.left(25)) + 20; // after the text
        const QColor change = image.pixelColor(changeX, rowY(*m_pane, 4));
        const QColor line = image.pixelColor(plainX, rowY(*m_pane, 4));
        const QColor base = image.pixelColor(plainX, rowY(*m_pane, 2)); // a context row
        QVERIFY2(change != line, qPrintable(change.name() + " vs " + line.name()));
        QVERIFY(line != base);
        // Removed lines are red, stronger where they changed; added lines green.
        QVERIFY(line.red() > line.green());
        QVERIFY(change.green() < line.green());
        const QColor added = image.pixelColor(changeX, rowY(*m_pane, 5));
        const QColor addedLine = image.pixelColor(plainX, rowY(*m_pane, 5));
        QVERIFY(added.green() > added.red());
        QVERIFY(added.red() < addedLine.red());
        // Outside the range but inside the text the row has its line colour.
        QCOMPARE(image.pixelColor(x0 + m_pane->advance(removed.left(11)) + 1, rowY(*m_pane, 4, 1)), line);
    }

    void paintsEveryKindInBothModes()
    {
        m_pane->setFiles(DiffFixtures::mixedDiff());
        for (DiffMode mode : { DiffMode::Unified, DiffMode::SideBySide }) {
            m_pane->setMode(mode);
            // For looking at the result: DIFFVIEW_SCREENSHOTS=/some/dir
            if (const QString dir = qEnvironmentVariable("DIFFVIEW_SCREENSHOTS"); !dir.isEmpty())
                grabViewport(*m_pane).save(dir + (mode == DiffMode::Unified ? "/unified.png" : "/side.png"));
            for (int row = 0; row < m_pane->model().rowCount(); row += 5) {
                m_pane->scrollToRow(row);
                QVERIFY(!grabViewport(*m_pane).isNull());
            }
        }
        // Side by side: the removed line on the left, the added one on the right.
        m_pane->scrollToRow(0);
        const QImage image = grabViewport(*m_pane);
        const int half = m_pane->viewport()->width() / 2;
        const QColor left = image.pixelColor(half - 10, rowY(*m_pane, 4));
        const QColor right = image.pixelColor(m_pane->viewport()->width() - 10, rowY(*m_pane, 4));
        QVERIFY(left.red() > left.green());
        QVERIFY(right.green() > right.red());
    }

    void modeSwitchKeepsTheTopLine()
    {
        m_pane->setFiles(DiffFixtures::manyHunks(3, 800, 20));
        // An added line deep in the second file at the top of the view.
        int row = m_pane->model().fileRow(1) + 200;
        while (m_pane->model().leftLine(m_pane->model().row(row))->kind != DiffLine::Kind::Added)
            ++row;
        m_pane->scrollToRow(row);
        m_pane->setCurrentRow(row);
        const QString text = m_pane->model().rowText(row);
        m_pane->setMode(DiffMode::SideBySide);
        QVERIFY2(m_pane->model().rowText(m_pane->topRow()).contains(text),
            qPrintable(m_pane->model().rowText(m_pane->topRow())));
        QVERIFY(m_pane->model().rowText(m_pane->currentRow()).contains(text));
        m_pane->setMode(DiffMode::Unified);
        QCOMPARE(m_pane->model().rowText(m_pane->topRow()), text);
        QCOMPARE(m_pane->topRow(), row);
    }

    void hunkAndFileNavigationByKeyboard()
    {
        m_pane->setFiles(DiffFixtures::mixedDiff());
        m_pane->setFocus();
        QTest::keyClick(m_pane.get(), Qt::Key_N);
        QCOMPARE(m_pane->currentRow(), 1);
        QTest::keyClick(m_pane.get(), Qt::Key_N);
        QCOMPARE(m_pane->currentRow(), 7);
        QTest::keyClick(m_pane.get(), Qt::Key_Down, Qt::AltModifier);
        QCOMPARE(m_pane->currentRow(), 13);
        QTest::keyClick(m_pane.get(), Qt::Key_P);
        QCOMPARE(m_pane->currentRow(), 7);
        QTest::keyClick(m_pane.get(), Qt::Key_N, Qt::ShiftModifier);
        QCOMPARE(m_pane->currentRow(), 13);
        QTest::keyClick(m_pane.get(), Qt::Key_N, Qt::ShiftModifier);
        QCOMPARE(m_pane->currentRow(), m_pane->model().fileRow(2));
        QTest::keyClick(m_pane.get(), Qt::Key_Up, Qt::AltModifier | Qt::ShiftModifier);
        QCOMPARE(m_pane->currentRow(), 13);
        QTest::keyClick(m_pane.get(), Qt::Key_P, Qt::ShiftModifier);
        QCOMPARE(m_pane->currentRow(), 0);
        // The hunk header reached by navigation is the top row.
        m_pane->resize(1000, 100);
        QTest::keyClick(m_pane.get(), Qt::Key_N, Qt::ShiftModifier);
        QTest::keyClick(m_pane.get(), Qt::Key_N, Qt::ShiftModifier);
        QCOMPARE(m_pane->topRow(), std::min(m_pane->currentRow(), m_pane->verticalScrollBar()->maximum()));
    }

    void findMovesToMatchesBothWays()
    {
        m_pane->setFiles(DiffFixtures::mixedDiff());
        QVERIFY(m_pane->find(QStringLiteral("COMPUTE(1, 3)")));
        QCOMPARE(m_pane->currentRow(), 5);
        QVERIFY(m_pane->find(QStringLiteral("compute")));
        QCOMPARE(m_pane->currentRow(), 4); // wrapped around past the end
        QVERIFY(m_pane->find(QStringLiteral("compute"), true));
        QCOMPARE(m_pane->currentRow(), 5);
        QVERIFY(m_pane->find(QStringLiteral("after.md")));
        QCOMPARE(m_pane->currentRow(), m_pane->model().fileRow(3));
        QVERIFY(!m_pane->find(QStringLiteral("no such text")));
        QCOMPARE(m_pane->currentRow(), m_pane->model().fileRow(3));
    }

    void copiesTheSelectedRows()
    {
        m_pane->setFiles(DiffFixtures::mixedDiff());
        m_pane->setFocus();
        m_pane->setCurrentRow(4);
        QTest::keyClick(m_pane.get(), Qt::Key_Down, Qt::ShiftModifier);
        QCOMPARE(m_pane->selection(), std::make_pair(4, 5));
        QTest::keyClick(m_pane.get(), Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(),
            QStringLiteral("-    return compute(1, 2);\n+    return compute(1, 3);"));
    }

    void opensTheEditorAtTheLine()
    {
        m_pane->setFiles(DiffFixtures::mixedDiff());
        m_pane->setFocus();
        QSignalSpy open(m_pane.get(), &DiffPane::openInEditor);
        m_pane->setCurrentRow(5);
        QTest::keyClick(m_pane.get(), Qt::Key_E);
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.at(0).at(0).toString(), QStringLiteral("src/main.cpp"));
        QCOMPARE(open.at(0).at(1).toInt(), 12);
        m_pane->setCurrentRow(m_pane->model().fileRow(2) + 2); // the deleted file's line
        QTest::keyClick(m_pane.get(), Qt::Key_Return);
        QCOMPARE(open.at(1).at(0).toString(), QStringLiteral("old.txt"));
        QCOMPARE(open.at(1).at(1).toInt(), 1);
    }

    void hugeFilesAreCollapsedUntilAsked()
    {
        m_pane->setHugeFileLines(100);
        m_pane->setFiles(DiffFixtures::manyHunks(2, 400, 20));
        QCOMPARE(m_pane->model().rowCount(), 4);
        m_pane->setFocus();
        m_pane->setCurrentRow(1);
        QTest::keyClick(m_pane.get(), Qt::Key_Space);
        QVERIFY(m_pane->model().rowCount() > 100);
        QVERIFY(!m_pane->model().isCollapsed(0));
        // Clicking the collapsed row of the other file shows it too.
        const int collapsed = m_pane->model().fileRow(1) + 1;
        m_pane->scrollToRow(collapsed);
        QTest::mouseClick(m_pane->viewport(), Qt::LeftButton, {}, QPoint(50, rowY(*m_pane, collapsed, 3)));
        QVERIFY(!m_pane->model().isCollapsed(1));
    }

    void contextExpansionNeedsAProvider()
    {
        m_pane->setFiles(DiffFixtures::mixedDiff());
        QVERIFY(!m_pane->expandContext(0, 0));
        m_pane->setContentProvider([](const DiffFile &file) {
            QStringList lines;
            for (int i = 1; i <= 50; ++i)
                lines.append(QStringLiteral("%1:%2").arg(file.path()).arg(i));
            return lines;
        });
        const int before = m_pane->model().rowCount();
        m_pane->setFocus();
        m_pane->setCurrentRow(1);
        QTest::keyClick(m_pane.get(), Qt::Key_X);
        QCOMPARE(m_pane->model().rowCount(), before + 9); // lines 1..9 above the hunk at 10
        QCOMPARE(m_pane->model().rowText(2), QStringLiteral(" src/main.cpp:1"));
        QCOMPARE(m_pane->currentRow(), 1);
        QVERIFY(!grabViewport(*m_pane).isNull());
    }

    void aTooLargeFileIsAskedForAndReplaced()
    {
        QList<DiffFile> files = DiffFixtures::mixedDiff();
        DiffFile large = DiffFixtures::file(QStringLiteral("data/huge.sql"), DiffFile::Status::Modified, {});
        large.tooLarge = true;
        large.additions = 700000;
        files.prepend(large);
        m_pane->setFiles(files);
        QCOMPARE(m_pane->model().row(1).kind, DiffRow::Kind::Collapsed);
        QSignalSpy asked(m_pane.get(), &DiffPane::fullFileRequested);
        m_pane->setFocus();
        m_pane->setCurrentRow(1);
        QTest::keyClick(m_pane.get(), Qt::Key_Space);
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked.at(0).at(0).toInt(), 0);
        QCOMPARE(asked.at(0).at(1).toString(), QStringLiteral("data/huge.sql"));
        // The caller's answer: the same file with its hunks.
        DiffFile full = DiffFixtures::file(QStringLiteral("data/huge.sql"), DiffFile::Status::Modified,
            { DiffFixtures::hunk(1, 1, { QStringLiteral("-a"), QStringLiteral("+b") }) });
        m_pane->replaceFile(0, full);
        QCOMPARE(m_pane->model().rowText(1), QStringLiteral("@@ -1,1 +1,1 @@"));
        QCOMPARE(m_pane->model().rowText(3), QStringLiteral("+b"));
        QCOMPARE(m_pane->model().rowText(4), QStringLiteral("src/main.cpp"));
    }

    void theThemeFollowsThePalette()
    {
        QTemporaryDir dir;
        const QString script = writeScript(dir, QStringLiteral("themes.sh"),
            "echo \"$2\" >> \"$(dirname \"$0\")/asked\"\nprintf '<pre>\\nx\\n</pre>'\n");
        KateProcessHighlighter highlighter({ script, 5000, 64 });
        QPalette dark = m_pane->palette();
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        dark.setColor(QPalette::Text, QColor(220, 220, 220));
        m_pane->setPalette(dark);
        m_pane->setHighlighter(&highlighter);
        m_pane->setFiles(DiffFixtures::mixedDiff());
        QTRY_VERIFY(m_pane->isHighlighted(0));
        QFile asked(dir.filePath(QStringLiteral("asked")));
        QVERIFY(asked.open(QIODevice::ReadOnly));
        QCOMPARE(asked.readLine().trimmed(), QByteArray("Breeze Dark"));
        asked.close();
        // A light palette asks again, in the light theme.
        QPalette light = dark;
        light.setColor(QPalette::Base, Qt::white);
        light.setColor(QPalette::Text, Qt::black);
        m_pane->setPalette(light);
        QTRY_VERIFY(m_pane->isHighlighted(0));
        QTRY_VERIFY(QFile(dir.filePath(QStringLiteral("asked"))).size() > 12);
        QVERIFY(asked.open(QIODevice::ReadOnly));
        const QList<QByteArray> themes = asked.readAll().split('\n');
        QVERIFY2(themes.contains("Breeze Light"), themes.join(',').constData());
    }

    void highlightingArrivesAfterTheTextIsReadable()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("kate-syntax-highlighter")).isEmpty())
            QFAIL("kate-syntax-highlighter is not installed (scripts/install-deps.sh installs it)");
        KateProcessHighlighter highlighter;
        m_pane->setHighlighter(&highlighter);
        m_pane->setFiles(DiffFixtures::mixedDiff());
        // Readable at once: the first paint has the text, with no highlighting yet.
        const QImage plain = grabViewport(*m_pane);
        QVERIFY(!m_pane->isHighlighted(0));
        QSignalSpy arrived(m_pane.get(), &DiffPane::highlightingArrived);
        QTRY_VERIFY_WITH_TIMEOUT(m_pane->isHighlighted(0), 15000);
        const QImage highlighted = grabViewport(*m_pane);
        // "int" of " int main()" (row 2) is now in the type colour.
        const QRect word(
            m_pane->textX(false), rowY(*m_pane, 2, 0), m_pane->advance(QStringLiteral("int")), m_pane->rowHeight());
        QVERIFY(plain.copy(word) != highlighted.copy(word));
        QVERIFY(arrived.count() >= 1);
    }

    void onlyFilesInOrNearTheViewAreHighlighted()
    {
        QTemporaryDir dir;
        const QString script = writeScript(dir, QStringLiteral("fake.sh"), "printf '<pre>\\nx\\n</pre>'\n");
        KateProcessHighlighter highlighter({ script, 5000, 64 });
        m_pane->resize(1000, 300);
        m_pane->setHighlighter(&highlighter);
        m_pane->setFiles(DiffFixtures::manyHunks(12, 2000, 20));
        QTRY_VERIFY(m_pane->isHighlighted(0));
        QTest::qWait(100);
        QCOMPARE(highlighter.processesStarted(), 1);
        QVERIFY(!m_pane->isHighlighted(11));
        m_pane->scrollToFile(11);
        QTRY_VERIFY(m_pane->isHighlighted(11));
        QCOMPARE(highlighter.processesStarted(), 2);
    }

    void aHighlighterThatNeverAnswersDoesNotHangTheView()
    {
        QTemporaryDir dir;
        const QString script = writeScript(dir, QStringLiteral("sleeper.sh"), "exec sleep 60\n");
        KateProcessHighlighter highlighter({ script, 700, 16 });
        m_pane->setHighlighter(&highlighter);
        int ticks = 0;
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start(20);
        QSignalSpy failed(m_pane.get(), &DiffPane::highlightingFailed);
        m_pane->setFiles(DiffFixtures::mixedDiff());
        // The view paints and scrolls while the request hangs.
        QTest::qWait(200);
        QVERIFY(!grabViewport(*m_pane).isNull());
        m_pane->setFocus();
        QTest::keyClick(m_pane.get(), Qt::Key_N);
        QCOMPARE(m_pane->currentRow(), 1);
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.at(0).at(0).toInt(), 0);
        QVERIFY2(failed.at(0).at(1).toString().contains(QStringLiteral("did not answer within 700 ms")),
            qPrintable(failed.at(0).at(1).toString()));
        QVERIFY2(ticks >= 15, qPrintable(QString::number(ticks)));
        QVERIFY(!m_pane->isHighlighted(0));
    }

private:
    std::unique_ptr<DiffPane> m_pane;
};

QTEST_MAIN(tst_DiffPane)
#include "tst_diffpane.moc"
