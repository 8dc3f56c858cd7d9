#include "katehtmlparser.h"

namespace Autopack::Highlight {

namespace {

std::unexpected<HighlightError> fail(const QString &message)
{
    return std::unexpected(HighlightError { QStringLiteral("highlighter output: %1").arg(message) });
}

// Applies one "prop:value;prop:value;" style attribute to a range.
void applyStyle(QStringView style, FormatRange &range)
{
    for (QStringView declaration : style.split(u';', Qt::SkipEmptyParts)) {
        const qsizetype colon = declaration.indexOf(u':');
        if (colon < 0)
            continue;
        const QStringView property = declaration.left(colon).trimmed();
        const QStringView value = declaration.mid(colon + 1).trimmed();
        if (property == u"color") {
            // The front end writes #rrggbb, or #aarrggbb for translucent colours.
            bool ok = false;
            const uint rgb = value.startsWith(u'#') ? value.mid(1).toUInt(&ok, 16) : 0;
            if (ok && value.size() == 7) {
                range.foreground = 0xff000000u | rgb;
                range.hasForeground = true;
            } else if (ok && value.size() == 9) {
                range.foreground = rgb;
                range.hasForeground = true;
            }
        } else if (property == u"font-weight") {
            range.bold = value == u"bold";
        } else if (property == u"font-style") {
            range.italic = value == u"italic";
        }
    }
}

} // namespace

std::expected<LineFormats, HighlightError> KateHtmlParser::parse(const QByteArray &html)
{
    const QString text = QString::fromUtf8(html);
    qsizetype pos = text.indexOf(QLatin1String("<pre>"));
    if (pos < 0)
        return fail(QStringLiteral("no <pre> block"));
    pos += 5;
    if (pos < text.size() && text.at(pos) == u'\n')
        pos += 1;
    const qsizetype end = text.indexOf(QLatin1String("</pre>"), pos);
    if (end < 0)
        return fail(QStringLiteral("<pre> block not closed"));

    LineFormats lines;
    QList<FormatRange> current;
    int column = 0; // UTF-16 offset in the unescaped current line
    bool inSpan = false;
    FormatRange span;
    auto closeSpan = [&] {
        span.length = column - span.start;
        if (span.length > 0 && (span.hasForeground || span.bold || span.italic))
            current.append(span);
        inSpan = false;
    };

    for (qsizetype i = pos; i < end;) {
        const QChar c = text.at(i);
        if (c == u'\n') {
            if (inSpan)
                return fail(QStringLiteral("a span crosses the end of line %1").arg(lines.size() + 1));
            lines.append(current);
            current.clear();
            column = 0;
            ++i;
        } else if (c == u'<') {
            const qsizetype close = text.indexOf(u'>', i);
            if (close < 0 || close > end)
                return fail(QStringLiteral("unterminated tag on line %1").arg(lines.size() + 1));
            const QStringView tag = QStringView(text).mid(i + 1, close - i - 1);
            if (tag.startsWith(u"span")) {
                if (inSpan)
                    return fail(QStringLiteral("nested span on line %1").arg(lines.size() + 1));
                span = FormatRange {};
                span.start = column;
                const qsizetype styleAt = tag.indexOf(u"style=\"");
                if (styleAt >= 0) {
                    const qsizetype styleEnd = tag.indexOf(u'"', styleAt + 7);
                    applyStyle(tag.mid(styleAt + 7, styleEnd < 0 ? -1 : styleEnd - styleAt - 7), span);
                }
                inSpan = true;
            } else if (tag == u"/span") {
                if (!inSpan)
                    return fail(QStringLiteral("</span> without <span> on line %1").arg(lines.size() + 1));
                closeSpan();
            } else {
                return fail(QStringLiteral("unexpected tag <%1> on line %2").arg(tag.toString()).arg(lines.size() + 1));
            }
            i = close + 1;
        } else if (c == u'&') {
            const qsizetype semi = text.indexOf(u';', i);
            if (semi < 0 || semi > end || semi - i > 10)
                return fail(QStringLiteral("unterminated entity on line %1").arg(lines.size() + 1));
            const QStringView entity = QStringView(text).mid(i + 1, semi - i - 1);
            if (entity == u"lt" || entity == u"gt" || entity == u"amp" || entity == u"quot" || entity == u"apos"
                || entity == u"#39") {
                column += 1;
            } else if (entity.startsWith(u'#')) {
                bool ok = false;
                const uint code = entity.startsWith(u"#x") ? entity.mid(2).toUInt(&ok, 16) : entity.mid(1).toUInt(&ok);
                if (!ok)
                    return fail(
                        QStringLiteral("bad entity &%1; on line %2").arg(entity.toString()).arg(lines.size() + 1));
                column += QChar::requiresSurrogates(code) ? 2 : 1;
            } else {
                return fail(
                    QStringLiteral("unknown entity &%1; on line %2").arg(entity.toString()).arg(lines.size() + 1));
            }
            i = semi + 1;
        } else {
            ++column;
            ++i;
        }
    }
    if (inSpan)
        return fail(QStringLiteral("span not closed at the end"));
    if (column > 0 || !current.isEmpty())
        lines.append(current);
    return lines;
}

} // namespace Autopack::Highlight
