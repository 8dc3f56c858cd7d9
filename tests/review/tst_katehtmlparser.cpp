#include "katehtmlparser.h"

#include <QTest>

using namespace Autopack::Highlight;

class tst_KateHtmlParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void realOutput()
    {
        // As kate-syntax-highlighter 5.103 writes it for C++ in Breeze Light.
        const QByteArray html
            = "<!DOCTYPE html>\n<html><head>\n<title>a.cpp</title>\n"
              "</head><body style=\"background-color:#ffffff;color:#1f1c1b\"><pre>\n"
              "<span style=\"color:#0057ae;\">int</span> main<span style=\"color:#ca60ca;\">()</span>\n"
              "  <span style=\"font-weight:bold;\">return</span> <span style=\"color:#898887;font-style:italic;\">// x "
              "&lt;&amp;&gt;</span>\n"
              "\n"
              "</pre></body></html>";
        const auto parsed = KateHtmlParser::parse(html);
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        QCOMPARE(parsed->size(), 3);
        QCOMPARE(parsed->at(0).size(), 2);
        QCOMPARE(parsed->at(0).at(0), (FormatRange { 0, 3, 0xff0057aeu, true, false, false }));
        QCOMPARE(parsed->at(0).at(1), (FormatRange { 8, 2, 0xffca60cau, true, false, false }));
        QCOMPARE(parsed->at(1).size(), 2);
        QCOMPARE(parsed->at(1).at(0), (FormatRange { 2, 6, 0, false, true, false }));
        // "// x <&>" is 8 characters once unescaped, from column 9.
        QCOMPARE(parsed->at(1).at(1), (FormatRange { 9, 8, 0xff898887u, true, false, true }));
        QVERIFY(parsed->at(2).isEmpty());
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("html");
        QTest::addColumn<QString>("error");
        QTest::newRow("no pre") << QByteArray("<html>x</html>") << "no <pre> block";
        QTest::newRow("not closed") << QByteArray("<pre>\nx\n") << "<pre> block not closed";
        QTest::newRow("span across lines") << QByteArray("<pre>\n<span style=\"color:#000000;\">a\nb</span>\n</pre>")
                                           << "a span crosses the end of line 1";
        QTest::newRow("unknown entity") << QByteArray("<pre>\na &nbsp; b\n</pre>") << "unknown entity &nbsp; on line 1";
        QTest::newRow("stray close") << QByteArray("<pre>\nok\nx</span>\n</pre>") << "</span> without <span> on line 2";
    }
    void malformed()
    {
        QFETCH(QByteArray, html);
        QFETCH(QString, error);
        const auto parsed = KateHtmlParser::parse(html);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().message, QStringLiteral("highlighter output: ") + error);
    }
};

QTEST_GUILESS_MAIN(tst_KateHtmlParser)
#include "tst_katehtmlparser.moc"
