#pragma once

// Reads the HTML that `kate-syntax-highlighter -f html` writes: one line of the
// input per line inside <pre>, each token of a non-default format wrapped in
// <span style="color:#rrggbb;font-weight:bold;font-style:italic;">, text escaped as
// &lt; &gt; &amp; &quot;. Spans never cross a line end.

#include "syntaxhighlighter.h"

#include <QByteArray>

namespace Autopack::Highlight {

class KateHtmlParser
{
public:
    // The formats of each line of the <pre> block, offsets in UTF-16 units of the
    // unescaped text. An error names what is malformed (no <pre>, unknown entity...).
    static std::expected<LineFormats, HighlightError> parse(const QByteArray &html);
};

} // namespace Autopack::Highlight
