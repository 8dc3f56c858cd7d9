#pragma once

// The runner's progress for a person watching a terminal (SPEC §12): one line per event
// on stderr, "12:03:04 run/phase text", from any worker thread.

#include <QLoggingCategory>
#include <QString>

#include <functional>

Q_DECLARE_LOGGING_CATEGORY(lcRunner)

namespace Autopack::Agent {

class RunnerLog
{
public:
    using Sink = std::function<void(const QString &line)>;
    // The default sink writes to stderr.
    explicit RunnerLog(Sink sink = {});
    void line(const QString &where, const QString &text) const; // thread-safe

private:
    Sink m_sink;
};

} // namespace Autopack::Agent
