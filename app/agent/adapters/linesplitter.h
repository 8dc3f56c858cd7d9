#pragma once

// Splits a byte stream into lines, in any chunking, in time linear in the stream.
//
// A line is what ends in "\n" (a "\r" before it is dropped); the last line needs no
// newline once finish() is called. A line longer than the limit is never held: its
// bytes are skipped as they arrive and onDropped is told its length when it ends.

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

namespace Autopack::Agent {

class LineSplitter
{
public:
    static constexpr qsizetype DefaultMaxLine = 8 * 1024 * 1024;
    using LineHandler = std::function<void(QByteArrayView line)>;
    using DropHandler = std::function<void(qint64 lineBytes)>;

    explicit LineSplitter(qsizetype maxLineBytes = DefaultMaxLine);

    void feed(QByteArrayView chunk, const LineHandler &onLine, const DropHandler &onDropped);
    // The last line, when the stream did not end in a newline.
    void finish(const LineHandler &onLine, const DropHandler &onDropped);

    qsizetype pendingBytes() const { return m_partial.size(); } // never above the limit

private:
    void endLine(const LineHandler &onLine, const DropHandler &onDropped);

    qsizetype m_maxLine;
    QByteArray m_partial;
    bool m_dropping = false;
    qint64 m_droppedBytes = 0;
};

} // namespace Autopack::Agent
