#include "router.h"

#include <QUrl>

namespace Autopack::Api {

QString toString(Role role)
{
    switch (role) {
    case Role::Observer: return QStringLiteral("observer");
    case Role::Builder: return QStringLiteral("builder");
    case Role::Auditor: return QStringLiteral("auditor");
    case Role::Admin: return QStringLiteral("admin");
    }
    return {};
}

std::optional<Role> roleFromString(QStringView text)
{
    for (Role r : {Role::Observer, Role::Builder, Role::Auditor, Role::Admin}) {
        if (text == toString(r))
            return r;
    }
    return std::nullopt;
}

bool mayAccess(const Route &route, Role role)
{
    switch (route.access) {
    case Access::Public:
    case Access::AnyToken:
        return true;
    case Access::Roles:
        return role == Role::Admin || route.roles.contains(role);
    }
    return false;
}

namespace {

// "/a/b" -> ["a", "b"]; "/" -> [""]. Segments are split before decoding, so an
// encoded "%2F" stays inside its segment.
QStringList splitPath(QByteArrayView rawPath)
{
    QStringList out;
    const QByteArrayView p = rawPath.startsWith('/') ? rawPath.sliced(1) : rawPath;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= p.size(); ++i) {
        if (i == p.size() || p.at(i) == '/') {
            out.append(QUrl::fromPercentEncoding(p.sliced(start, i - start).toByteArray()));
            start = i + 1;
        }
    }
    return out;
}

} // namespace

bool Router::add(Route route, QString *whyNot)
{
    auto refuse = [&](const QString &why) {
        if (whyNot)
            *whyNot = why;
        return false;
    };
    if (route.method.isEmpty() || !route.pattern.startsWith(QLatin1Char('/')))
        return refuse(QStringLiteral("route \"%1 %2\": method and a pattern starting with '/' are required")
                              .arg(QString::fromLatin1(route.method), route.pattern));
    if (!route.handler)
        return refuse(QStringLiteral("route \"%1 %2\" has no handler").arg(QString::fromLatin1(route.method), route.pattern));
    Compiled c;
    const QStringList parts = route.pattern.mid(1).split(QLatin1Char('/'));
    for (const QString &part : parts) {
        const bool capture = part.startsWith(QLatin1Char('{')) && part.endsWith(QLatin1Char('}'));
        if (capture && part.size() < 3)
            return refuse(QStringLiteral("route pattern \"%1\" has an empty capture").arg(route.pattern));
        c.segments.append(capture ? part.mid(1, part.size() - 2) : part);
        c.isCapture.append(capture);
    }
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        if (m_routes[i].method == route.method && m_compiled[i].isCapture == c.isCapture) {
            bool same = true;
            for (qsizetype s = 0; s < c.segments.size() && same; ++s)
                same = c.isCapture[s] || c.segments[s] == m_compiled[i].segments[s];
            if (same)
                return refuse(QStringLiteral("route \"%1 %2\" is already registered")
                                      .arg(QString::fromLatin1(route.method), route.pattern));
        }
    }
    m_routes.append(std::move(route));
    m_compiled.append(std::move(c));
    return true;
}

bool Router::matchPath(const Compiled &pattern, const QStringList &segments, QHash<QString, QString> *params)
{
    if (pattern.segments.size() != segments.size())
        return false;
    QHash<QString, QString> captured;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        if (pattern.isCapture[i]) {
            if (segments[i].isEmpty())
                return false;
            captured.insert(pattern.segments[i], segments[i]);
        } else if (pattern.segments[i] != segments[i]) {
            return false;
        }
    }
    if (params)
        *params = std::move(captured);
    return true;
}

Router::Match Router::match(QByteArrayView method, QByteArrayView rawPath) const
{
    Match m;
    const QStringList segments = splitPath(rawPath);
    // Literal segments win over captures: prefer the route with the most literal matches.
    int bestLiterals = -1;
    for (qsizetype i = 0; i < m_routes.size(); ++i) {
        QHash<QString, QString> params;
        if (!matchPath(m_compiled[i], segments, &params))
            continue;
        if (m_routes[i].method != method) {
            if (!m.allowedMethods.contains(m_routes[i].method))
                m.allowedMethods.append(m_routes[i].method);
            continue;
        }
        const int literals = int(m_compiled[i].isCapture.count(false));
        if (literals > bestLiterals) {
            bestLiterals = literals;
            m.route = &m_routes[i];
            m.params = std::move(params);
        }
    }
    if (m.route)
        m.allowedMethods.clear();
    return m;
}

} // namespace Autopack::Api
