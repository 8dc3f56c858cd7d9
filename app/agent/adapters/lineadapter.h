#pragma once

// The base of the adapters whose CLI writes one record per line (JSON lines, or plain
// text for aider and `command`): splits stdout with a LineSplitter and hands each line
// to handleLine(); an over-long line becomes a Notice instead.

#include "agentadapter.h"
#include "linesplitter.h"

namespace Autopack::Agent {

class LineAdapter : public AgentAdapter
{
public:
    void feedStdout(const QByteArray &chunk) final;

protected:
    virtual void handleLine(QByteArrayView line) = 0;
    // Hands over the last partial line; the start of every finish().
    void finishLines();

private:
    void dropped(qint64 bytes);

    LineSplitter m_lines;
};

} // namespace Autopack::Agent
