#include "agentpresence.h"

#include <algorithm>

namespace Autopack::Host {

AgentPresence::AgentPresence(std::chrono::milliseconds window, Now now, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_now(now ? std::move(now) : Now([] { return QDateTime::currentDateTimeUtc(); }))
{
    m_timer.setInterval(std::clamp<std::chrono::milliseconds>(
        window / 6, std::chrono::milliseconds(100), std::chrono::milliseconds(10'000)));
    connect(&m_timer, &QTimer::timeout, this, &AgentPresence::expire);
    m_timer.start();
}

void AgentPresence::seen(const Api::RequestLogEntry &entry)
{
    // Requests without a valid token are strangers, not agents.
    if (entry.principal.isEmpty())
        return;
    m_lastSeen.insert(
        entry.principal, SeenAgent { entry.principal, entry.role, entry.time.isValid() ? entry.time : m_now() });
    recount();
    Q_EMIT agentsChanged();
}

QStringList AgentPresence::agents() const
{
    QStringList names = m_lastSeen.keys();
    names.sort();
    return names;
}

QList<AgentPresence::SeenAgent> AgentPresence::seenAgents() const
{
    QList<SeenAgent> agents = m_lastSeen.values();
    std::sort(agents.begin(), agents.end(), [](const SeenAgent &a, const SeenAgent &b) { return a.name < b.name; });
    return agents;
}

void AgentPresence::expire()
{
    const QDateTime oldest = m_now().addMSecs(-m_window.count());
    if (m_lastSeen.removeIf([&](const auto &it) { return it.value().lastSeen < oldest; }) > 0)
        Q_EMIT agentsChanged();
    recount();
}

void AgentPresence::recount()
{
    const int count = int(m_lastSeen.size());
    if (count == m_count)
        return;
    m_count = count;
    Q_EMIT countChanged(count);
}

} // namespace Autopack::Host
