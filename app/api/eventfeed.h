#pragma once
// The long-poll event feed of GET /events?after=ID&wait=SECONDS (issue 7).
//
// A request that finds events after ID is answered at once. Otherwise its responder is
// parked here, on this object's thread, until the store reports an appended event
// (StoreNotifier::eventAppended, emitted after the commit) or the wait runs out (an
// empty answer). Nothing blocks: neither the listener thread nor this one waits; the
// answer is sent from a signal or a timer.
#include "httpresponder.h"
#include <QList>
#include <QObject>
#include <memory>

namespace Autopack {
class Store;
struct Event;
}

namespace Autopack::Api {

class EventFeed : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxWaitSeconds = 30;

    // `store` must outlive the feed. Lives on a thread with an event loop (the
    // Supervisor's); wait() must be called on that thread.
    explicit EventFeed(Store &store, QObject *parent = nullptr);
    ~EventFeed() override;

    // Answers {"events": [...], "last_id": N} with the events after `afterId` (at most
    // `limit`), now or when one is appended within `waitSeconds`; after that, empty.
    void wait(qint64 afterId, int waitSeconds, int limit, HttpResponder responder);
    int waiting() const { return int(m_waiters.size()); } // on the feed's thread

private:
    struct Waiter;
    void onEventAppended();
    void flush();
    bool answerIfAny(Waiter &waiter);

    Store &m_store;
    QList<std::shared_ptr<Waiter>> m_waiters;
    bool m_flushQueued = false;
};

} // namespace Autopack::Api
