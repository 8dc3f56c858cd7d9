#pragma once

// Keeps the first `headLimit` and the last `tailLimit` bytes of a stream of unknown
// length, and says how much was cut between them.
//
// Streaming contract: append() returns the bytes that may be passed on at once (the
// head, as it arrives); bytes past the head are held back because they may still be
// cut, and finish() returns them, preceded by the cut marker when anything was cut.
// Concatenating every append() result and finish() gives exactly text().
// Memory stays under headLimit + 2 * tailLimit whatever the stream's length.
// Cuts fall on UTF-8 character boundaries (the head may end up to 3 bytes short or
// long, the tail start up to 3 bytes late), so text output stays valid UTF-8.

#include <QByteArray>

namespace Autopack::Ci {

class BoundedOutput
{
public:
    static constexpr qsizetype DefaultLimit = 2 * 1024 * 1024;

    explicit BoundedOutput(qsizetype headLimit = DefaultLimit, qsizetype tailLimit = DefaultLimit);

    QByteArray append(const QByteArray &chunk);
    QByteArray finish(); // once; later appends are refused (return empty, counted as cut)

    QByteArray text() const; // what is kept; after finish() includes the marker and tail
    qint64 totalBytes() const { return m_total; } // everything the stream produced
    qint64 cutBytes() const; // bytes dropped between head and tail
    bool isFinished() const { return m_finished; }

    // The last `n` bytes kept (for issue evidence), without the cut marker when the
    // tail alone is long enough.
    QByteArray lastBytes(qsizetype n) const;

    static QByteArray cutMarker(qint64 cut); // "\n[... N bytes cut ...]\n"

private:
    void trimTail();
    static qsizetype utf8Boundary(const QByteArray &bytes, qsizetype pos, qsizetype maxForward);

    qsizetype m_headLimit;
    qsizetype m_tailLimit;
    QByteArray m_head;
    QByteArray m_tail; // held back; may exceed m_tailLimit until trimmed
    qint64 m_total = 0;
    qint64 m_dropped = 0; // bytes dropped from the front of m_tail so far
    bool m_headClosed = false;
    bool m_finished = false;
    QByteArray m_finishedText; // marker + tail, once finished
};

} // namespace Autopack::Ci
