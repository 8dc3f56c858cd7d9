#pragma once

// The way a handler answers one request, now or later, from any thread.
//
// A responder is a cheap copyable handle. send() may be called from any thread; the
// response is handed to the connection's own thread and written there, in request
// order (pipelined requests are answered in the order they arrived). If the client
// has gone meanwhile the response is dropped: the handle refers to the connection
// only through a link the connection clears when it is destroyed, never through a
// raw socket pointer. Only the first send() counts. If every copy is destroyed
// without an answer, the client gets a 500 rather than a connection that hangs.

#include "httpmessage.h"

#include <functional>
#include <memory>

namespace Autopack::Api {

class HttpConnection;
struct HttpConnectionLink;

class HttpResponder
{
public:
    // Runs in the sending thread just before the response is handed over (request
    // log, idempotency cache). Must be thread-safe.
    using Hook = std::function<void(const HttpResponse &)>;

    HttpResponder() = default; // answers nothing; isValid() is false

    bool isValid() const { return m_state != nullptr; }
    // Returns false if this request was already answered (the response is then ignored).
    bool send(HttpResponse response) const;
    bool isAnswered() const;
    // Whether the connection still exists. A true answer may be stale by the time send()
    // runs; send() copes with that.
    bool isConnected() const;
    // Only before the responder is handed out: hooks are not guarded against concurrent
    // addition.
    void addHook(Hook hook);

private:
    friend class HttpConnection;
    struct State;
    static HttpResponder create(std::shared_ptr<HttpConnectionLink> link, quint64 sequence);
    std::shared_ptr<State> m_state;
};

} // namespace Autopack::Api
