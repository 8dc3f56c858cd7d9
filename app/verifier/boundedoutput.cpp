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
    const qsizetype room = m_headLimit - m_head.size();
    const qsizetype take = qMin(room, chunk.size());
    if (take < chunk.size()) {
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

void BoundedOutput::trimTail()
{
    const qsizetype excess = m_tail.size() - m_tailLimit;
    if (excess > 0) {
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

QByteArray BoundedOutput::lastBytes(qsizetype n) const
{
    return text().right(n);
}

QByteArray BoundedOutput::cutMarker(qint64 cut)
{
    return QByteArray(QByteArrayLiteral("\n[... ") + QByteArray::number(cut) + QByteArrayLiteral(" bytes cut ...]\n"));
}

} // namespace Autopack::Ci
