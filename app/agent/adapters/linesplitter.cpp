#include "linesplitter.h"

namespace Autopack::Agent {

LineSplitter::LineSplitter(qsizetype maxLineBytes)
    : m_maxLine(maxLineBytes)
{
}

void LineSplitter::feed(QByteArrayView chunk, const LineHandler &onLine, const DropHandler &onDropped)
{
    qsizetype pos = 0;
    while (pos < chunk.size()) {
        const qsizetype newline = chunk.indexOf('\n', pos);
        const qsizetype end = newline < 0 ? chunk.size() : newline;
        const QByteArrayView piece = chunk.sliced(pos, end - pos);
        if (m_dropping) {
            m_droppedBytes += piece.size();
        } else if (m_partial.size() + piece.size() > m_maxLine) {
            // Over the limit: forget what was held and skip the rest of this line.
            m_dropping = true;
            m_droppedBytes = m_partial.size() + piece.size();
            m_partial.clear();
            m_partial.squeeze();
        } else if (newline >= 0 && m_partial.isEmpty()) {
            // The common case of a whole line inside one chunk: no copy.
            QByteArrayView line = piece;
            if (line.endsWith('\r'))
                line.chop(1);
            onLine(line);
            pos = end + 1;
            continue;
        } else {
            m_partial.append(piece);
        }
        if (newline < 0)
            return;
        endLine(onLine, onDropped);
        pos = end + 1;
    }
}

void LineSplitter::finish(const LineHandler &onLine, const DropHandler &onDropped)
{
    if (m_dropping || !m_partial.isEmpty())
        endLine(onLine, onDropped);
}

void LineSplitter::endLine(const LineHandler &onLine, const DropHandler &onDropped)
{
    if (m_dropping) {
        const qint64 dropped = m_droppedBytes;
        m_dropping = false;
        m_droppedBytes = 0;
        onDropped(dropped);
        return;
    }
    QByteArrayView line(m_partial);
    if (line.endsWith('\r'))
        line.chop(1);
    onLine(line);
    m_partial.clear();
}

} // namespace Autopack::Agent
