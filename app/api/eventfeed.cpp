#include "eventfeed.h"

#include "jsonmapping.h"
#include "storeerrorresponse.h"
#include "storenotifier.h"

#include <QJsonArray>
#include <QTimer>

namespace Autopack::Api {

struct EventFeed::Waiter {
    qint64 afterId = 0;
    int limit = 100;
    HttpResponder responder;
    std::unique_ptr<QTimer> timer;
};

EventFeed::EventFeed(Store &store, QObject *parent)
    : QObject(parent), m_store(store)
{
    connect(m_store.notifier(), &StoreNotifier::eventAppended, this, &EventFeed::onEventAppended);
}

EventFeed::~EventFeed()
{
    // Parked clients get their empty answer rather than a 500 from a dropped responder.
    for (const auto &w : std::as_const(m_waiters))
        w->responder.send(HttpResponse::json(200, QJsonObject { { "events", QJsonArray() }, { "last_id", w->afterId } }));
}

bool EventFeed::answerIfAny(Waiter &w)
{
    auto events = m_store.events(w.afterId, w.limit);
    if (!events) {
        w.responder.send(storeErrorResponse(events.error()));
        return true;
    }
    if (events->isEmpty())
        return false;
    QJsonArray list;
    for (const Event &e : *events)
        list.append(eventJson(e));
    w.responder.send(HttpResponse::json(200, QJsonObject { { "events", list }, { "last_id", events->last().id } }));
    return true;
}

void EventFeed::wait(qint64 afterId, int waitSeconds, int limit, HttpResponder responder)
{
    auto w = std::make_shared<Waiter>();
    w->afterId = afterId;
    w->limit = limit;
    w->responder = std::move(responder);
    if (answerIfAny(*w))
        return;
    if (waitSeconds <= 0) {
        w->responder.send(HttpResponse::json(200, QJsonObject { { "events", QJsonArray() }, { "last_id", afterId } }));
        return;
    }
    w->timer = std::make_unique<QTimer>();
    w->timer->setSingleShot(true);
    Waiter *raw = w.get();
    connect(w->timer.get(), &QTimer::timeout, this, [this, raw] {
        for (qsizetype i = 0; i < m_waiters.size(); ++i) {
            if (m_waiters[i].get() == raw) {
                const auto w = m_waiters.takeAt(i);
                w->responder.send(
                    HttpResponse::json(200, QJsonObject { { "events", QJsonArray() }, { "last_id", w->afterId } }));
                return;
            }
        }
    });
    w->timer->start(std::min(waitSeconds, MaxWaitSeconds) * 1000);
    m_waiters.append(std::move(w));
}

void EventFeed::onEventAppended()
{
    // One Supervisor call appends several events in one commit; answering after the
    // last of them gives a client the whole step instead of its first line.
    if (m_flushQueued || m_waiters.isEmpty())
        return;
    m_flushQueued = true;
    QTimer::singleShot(0, this, &EventFeed::flush);
}

void EventFeed::flush()
{
    m_flushQueued = false;
    for (qsizetype i = 0; i < m_waiters.size();) {
        Waiter &w = *m_waiters[i];
        if (!w.responder.isConnected() || w.responder.isAnswered() || answerIfAny(w))
            m_waiters.removeAt(i);
        else
            ++i;
    }
}

} // namespace Autopack::Api
