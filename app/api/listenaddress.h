#pragma once

// `--listen ADDR:PORT` (SPEC §11): parsing and the loopback policy.
//
// Accepted: "127.0.0.1:8765", "[::1]:8765", "localhost:8765" (as 127.0.0.1),
// "0.0.0.0:8765", "[::]:8765"; port 0 asks for an ephemeral port. Host names other
// than localhost are refused: the listener binds an address, not a name. A
// non-loopback address exposes the API beyond this machine, so it is refused unless
// TLS is configured or the caller passed the explicit insecure flag, and even then it
// comes back with a warning to log.

#include <QHostAddress>
#include <QString>

#include <expected>

namespace Autopack::Api {

inline constexpr quint16 DefaultApiPort = 8765;

struct ListenEndpoint {
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = DefaultApiPort;
    bool loopback = true;
    QString warning; // non-empty when the endpoint is reachable from other machines

    QString toString() const; // "127.0.0.1:8765", "[::1]:0"
};

struct ListenPolicy {
    bool tlsConfigured = false;
    bool insecureAllowed = false; // --insecure
};

// The one-line error names what was wrong with `text`.
std::expected<ListenEndpoint, QString> parseListenAddress(const QString &text, ListenPolicy policy = {});

} // namespace Autopack::Api
