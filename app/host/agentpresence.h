#pragma once

// Which agents are connected: a token seen in a request within the last `window`
// counts, whatever the answer was. Fed by the API's request log; the status bar shows
// count(). Lives on the thread that owns it (the GUI's); the request log's signal
// reaches it queued.

#include "requestlog.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <chrono>
#include <functional>

namespace Autopack::Host {

class AgentPresence : public QObject
{
    Q_OBJECT
public:
    using Now = std::function<QDateTime()>;
    explicit AgentPresence(
        std::chrono::milliseconds window = std::chrono::minutes(1), Now now = {}, QObject *parent = nullptr);

    // One agent as its latest request showed it.
    struct SeenAgent {
        QString name; // token name
        QString role; // the token's role
        QDateTime lastSeen; // UTC
    };

    void seen(const Autopack::Api::RequestLogEntry &entry);
    int count() const { return m_count; }
    QStringList agents() const; // names, sorted
    QList<SeenAgent> seenAgents() const; // sorted by name
    void expire(); // drops agents not seen within the window (also every few seconds by timer)

Q_SIGNALS:
    void countChanged(int count);
    // Any agent's request, or one dropped: seenAgents() changed. As often as requests come.
    void agentsChanged();

private:
    void recount();

    std::chrono::milliseconds m_window;
    Now m_now;
    QHash<QString, SeenAgent> m_lastSeen;
    int m_count = 0;
    QTimer m_timer;
};

} // namespace Autopack::Host
