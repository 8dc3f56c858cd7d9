#include "httpresponder.h"

#include "apilog.h"
#include "httpconnection.h"

#include <QMutexLocker>

#include <atomic>
#include <vector>

namespace Autopack::Api {

struct HttpResponder::State {
    std::shared_ptr<HttpConnectionLink> link;
    quint64 sequence = 0;
    std::atomic_bool answered = false;
    std::vector<Hook> hooks;

    bool deliver(HttpResponse response)
    {
        if (answered.exchange(true))
            return false;
        for (const Hook &hook : hooks)
            hook(response);
        QMutexLocker lock(&link->mutex);
        HttpConnection *connection = link->connection;
        if (!connection) {
            qCDebug(lcApi) << "client gone before the answer to request" << sequence << "- dropped";
            return true;
        }
        // Posting is thread-safe; the connection cannot be destroyed while we hold the
        // link's mutex, and a posted call to it is discarded if it is destroyed later.
        QMetaObject::invokeMethod(
                connection,
                [connection, seq = sequence, r = std::move(response)]() mutable {
                    connection->deliver(seq, std::move(r));
                },
                Qt::QueuedConnection);
        return true;
    }

    ~State()
    {
        if (!answered.load())
            deliver(HttpResponse::error(500, QStringLiteral("internal"),
                                        QStringLiteral("the handler finished without answering")));
    }
};

HttpResponder HttpResponder::create(std::shared_ptr<HttpConnectionLink> link, quint64 sequence)
{
    HttpResponder r;
    r.m_state = std::make_shared<State>();
    r.m_state->link = std::move(link);
    r.m_state->sequence = sequence;
    return r;
}

bool HttpResponder::send(HttpResponse response) const
{
    return m_state && m_state->deliver(std::move(response));
}

bool HttpResponder::isAnswered() const
{
    return m_state && m_state->answered.load();
}

bool HttpResponder::isConnected() const
{
    if (!m_state)
        return false;
    QMutexLocker lock(&m_state->link->mutex);
    return m_state->link->connection != nullptr;
}

void HttpResponder::addHook(Hook hook)
{
    if (m_state)
        m_state->hooks.push_back(std::move(hook));
}

} // namespace Autopack::Api
