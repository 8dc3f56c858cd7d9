#include "boundedoutput.h"

#include <QStringBuilder>

namespace Autopack::Ci {

BoundedOutput::BoundedOutput(qsizetype headLimit, qsizetype tailLimit)
    : m_headLimit(qMax<qsizetype>(0, headLimit))
    , m_tailLimit(qMax<qsizetype>(0, tailLimit))
{
}

QByteArray BoundedOutput::append(const QByteArray &chunk)
{
    m_total += chunk.size();
    if (m_finished) {
        m_dropped += chunk.size();
        return {};
    }
    // Once a byte went to the tail side the head is closed, even if a split character
    // left it a few bytes short: later bytes must not jump ahead of held ones.
    const qsizetype room = m_headClosed ? 0 : qMax<qsizetype>(0, m_headLimit - m_head.size());
    qsizetype take = qMin(room, chunk.size());
    // Never end the head inside a UTF-8 sequence, so kept text decodes cleanly; the
    // head may grow past its limit only to finish a character, 3 bytes at most in all
    // (also for binary output full of continuation bytes).
    if (take < chunk.size() && !m_headClosed)
        take = utf8Boundary(chunk, take, qMax<qsizetype>(0, m_headLimit + 3 - m_head.size() - take));
    if (take < chunk.size()) {
        m_headClosed = true;
        m_tail.append(chunk.constData() + take, chunk.size() - take);
        // Trim only when twice over, so a stream of small chunks does not move the
        // whole tail on every append.
        if (m_tail.size() > 2 * m_tailLimit)
            trimTail();
    }
    if (take <= 0)
        return {};
    m_head.append(chunk.constData(), take);
    return chunk.left(take);
}

qsizetype BoundedOutput::utf8Boundary(const QByteArray &bytes, qsizetype pos, qsizetype maxForward)
{
    auto continuation = [&bytes](qsizetype i) { return (uchar(bytes.at(i)) & 0xC0) == 0x80; };
    if (pos >= bytes.size() || !continuation(pos))
        return pos;
    // Back to the character's lead byte when it is in this chunk...
    for (qsizetype p = pos - 1; p >= 0 && p >= pos - 3; --p) {
        if (!continuation(p))
            return p;
    }
    // ...else it was already passed on: finish the character (at most 3 bytes more).
    qsizetype p = pos;
    while (p < bytes.size() && p < pos + qMin<qsizetype>(3, maxForward) && continuation(p))
        ++p;
    return p;
}

void BoundedOutput::trimTail()
{
    qsizetype excess = m_tail.size() - m_tailLimit;
    if (excess > 0) {
        // Cut forward to the next character start (at most 3 more bytes).
        for (int i = 0; i < 3 && excess < m_tail.size() && (uchar(m_tail.at(excess)) & 0xC0) == 0x80; ++i)
            ++excess;
        m_tail.remove(0, excess);
        m_dropped += excess;
    }
}

QByteArray BoundedOutput::finish()
{
    if (m_finished)
        return {};
    trimTail();
    m_finished = true;
    m_finishedText = m_dropped > 0 ? QByteArray(cutMarker(m_dropped) + m_tail) : m_tail;
    m_tail.clear();
    return m_finishedText;
}

QByteArray BoundedOutput::text() const
{
    if (m_finished)
        return QByteArray(m_head + m_finishedText);
    // Not finished: what is known so far, as finish() would give it now.
    BoundedOutput copy = *this;
    copy.finish();
    return copy.text();
}

qint64 BoundedOutput::cutBytes() const
{
    if (m_finished)
        return m_dropped;
    return m_dropped + qMax<qsizetype>(0, m_tail.size() - m_tailLimit);
}

QByteArray BoundedOutput::lastBytes(qsizetype n) const { return text().right(n); }

QByteArray BoundedOutput::cutMarker(qint64 cut)
{
    return QByteArray(QByteArrayLiteral("\n[... ") + QByteArray::number(cut) + QByteArrayLiteral(" bytes cut ...]\n"));
}

} // namespace Autopack::Ci
