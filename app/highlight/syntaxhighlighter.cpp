#include "syntaxhighlighter.h"

Q_LOGGING_CATEGORY(lcHighlight, "autopack.highlight", QtInfoMsg)

namespace Autopack::Highlight {

HighlightReply::HighlightReply(QObject *parent)
    : QObject(parent)
{
}

HighlightReply::~HighlightReply()
{
    // A reply deleted while running must not leave its process behind.
    if (!m_finished && !m_cancelled) {
        m_cancelled = true; // finish() during the emission below is then ignored
        Q_EMIT cancelRequested();
    }
}

void HighlightReply::cancel()
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    Q_EMIT cancelRequested();
}

void HighlightReply::finish(HighlightResult result)
{
    if (m_finished || m_cancelled)
        return;
    m_finished = true;
    m_result = std::move(result);
    Q_EMIT finished();
}

SyntaxHighlighter::~SyntaxHighlighter() = default;

} // namespace Autopack::Highlight
