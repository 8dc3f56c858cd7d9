#include "listenaddress.h"

namespace Autopack::Api {

QString ListenEndpoint::toString() const
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
            ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
            : address.toString();
    return host + QLatin1Char(':') + QString::number(port);
}

std::expected<ListenEndpoint, QString> parseListenAddress(const QString &text, ListenPolicy policy)
{
    const QString t = text.trimmed();
    auto bad = [&](const QString &why) {
        return std::unexpected(QStringLiteral("--listen \"%1\": %2").arg(text, why));
    };
    if (t.isEmpty())
        return bad(QStringLiteral("expected ADDR:PORT, e.g. 127.0.0.1:8765"));

    QString host;
    QString portText;
    if (t.startsWith(QLatin1Char('['))) {
        const qsizetype close = t.indexOf(QLatin1Char(']'));
        if (close < 0)
            return bad(QStringLiteral("missing ']' after the IPv6 address"));
        host = t.mid(1, close - 1);
        if (t.mid(close + 1, 1) != QLatin1String(":"))
            return bad(QStringLiteral("missing ':PORT' after the address"));
        portText = t.mid(close + 2);
    } else {
        const qsizetype colon = t.lastIndexOf(QLatin1Char(':'));
        if (colon < 0)
            return bad(QStringLiteral("missing ':PORT' after the address"));
        host = t.left(colon);
        if (host.contains(QLatin1Char(':')))
            return bad(QStringLiteral("write an IPv6 address in brackets, e.g. [::1]:8765"));
        portText = t.mid(colon + 1);
    }
    if (host.isEmpty())
        return bad(QStringLiteral("missing address before ':PORT'"));

    bool digits = !portText.isEmpty() && portText.size() <= 5;
    for (QChar c : std::as_const(portText))
        digits = digits && c.isDigit() && c.unicode() < 128;
    const uint port = digits ? portText.toUInt() : 0;
    if (!digits || port > 65535)
        return bad(QStringLiteral("port \"%1\" is not a number from 0 to 65535").arg(portText));

    ListenEndpoint e;
    e.port = quint16(port);
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) {
        e.address = QHostAddress(QHostAddress::LocalHost);
    } else if (!e.address.setAddress(host)) {
        return bad(QStringLiteral("\"%1\" is not an IP address (only \"localhost\" is accepted as a name)").arg(host));
    }
    e.loopback = e.address.isLoopback();
    if (!e.loopback) {
        if (!policy.tlsConfigured && !policy.insecureAllowed)
            return bad(QStringLiteral("%1 is not a loopback address; the API would be reachable from other machines "
                                      "without TLS. Configure TLS or pass --insecure to accept that")
                               .arg(e.address.toString()));
        e.warning = policy.tlsConfigured
                ? QStringLiteral("the Agent API listens on %1, reachable from other machines").arg(e.toString())
                : QStringLiteral("the Agent API listens on %1 WITHOUT TLS (--insecure): tokens cross the network in clear text")
                          .arg(e.toString());
    }
    return e;
}

} // namespace Autopack::Api
