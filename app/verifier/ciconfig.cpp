#include "ciconfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>

#include <cmath>

namespace Autopack::Ci {

QString toString(Profile p) { return p == Profile::Strict ? QStringLiteral("strict") : QStringLiteral("normal"); }

std::optional<Profile> profileFromString(QStringView s)
{
    if (s == u"normal")
        return Profile::Normal;
    if (s == u"strict")
        return Profile::Strict;
    return std::nullopt;
}

QString CiCommand::program() const { return isShell() ? QStringLiteral("/bin/sh") : argv.value(0); }

QStringList CiCommand::arguments() const
{
    return isShell() ? QStringList { QStringLiteral("-c"), shell } : argv.mid(1);
}

QString CiCommand::commandLine() const { return isShell() ? shell : argv.join(u' '); }

QString CiConfigError::toString() const
{
    return field.isEmpty() ? QStringLiteral("CI config: %1").arg(message)
                           : QStringLiteral("CI config field '%1': %2").arg(field, message);
}

namespace {

using Result = std::expected<void, CiConfigError>;

std::unexpected<CiConfigError> bad(const QString &field, const QString &message)
{
    return std::unexpected(CiConfigError { field, message });
}

// Seconds given as a JSON number, converted to whole milliseconds within [minMs, maxMs].
std::expected<int, CiConfigError> millisecondsField(
    const QJsonValue &v, const QString &field, qint64 minMs, qint64 maxMs)
{
    const QString range = QStringLiteral("must be a number of seconds from %1 to %2")
                              .arg(double(minMs) / 1000.0)
                              .arg(double(maxMs) / 1000.0);
    if (!v.isDouble())
        return bad(field, range);
    const double ms = std::round(v.toDouble() * 1000.0);
    if (!std::isfinite(ms) || ms < double(minMs) || ms > double(maxMs))
        return bad(field, range);
    return int(ms);
}

std::expected<int, CiConfigError> intField(const QJsonValue &v, const QString &field, int min, int max)
{
    const QString range = QStringLiteral("must be an integer from %1 to %2").arg(min).arg(max);
    if (!v.isDouble())
        return bad(field, range);
    const double d = v.toDouble();
    if (d != std::floor(d) || d < min || d > max)
        return bad(field, range);
    return int(d);
}

bool isEnvName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return re.match(name).hasMatch();
}

constexpr qint64 MaxTimeoutMs = 24LL * 3600 * 1000;

std::expected<CiCommand, CiConfigError> parseCommand(const QJsonValue &v, const QString &field)
{
    CiCommand cmd;
    auto parseArgv = [&](const QJsonValue &list, const QString &where) -> Result {
        if (!list.isArray() || list.toArray().isEmpty())
            return bad(where, QStringLiteral("must be a non-empty list of strings (program first)"));
        const QJsonArray a = list.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a.at(i).isString())
                return bad(QStringLiteral("%1[%2]").arg(where).arg(i), QStringLiteral("must be a string"));
            cmd.argv.append(a.at(i).toString());
        }
        if (cmd.argv.first().isEmpty())
            return bad(QStringLiteral("%1[0]").arg(where), QStringLiteral("the program must not be empty"));
        return {};
    };

    if (v.isArray()) {
        if (auto r = parseArgv(v, field); !r)
            return std::unexpected(r.error());
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            static const QStringList known { "argv", "shell", "name", "timeout_seconds" };
            if (!known.contains(it.key()))
                return bad(field + u'.' + it.key(),
                    QStringLiteral("unknown key (expected argv, shell, name or timeout_seconds)"));
        }
        const bool hasArgv = o.contains(u"argv");
        const bool hasShell = o.contains(u"shell");
        if (hasArgv == hasShell)
            return bad(field, QStringLiteral("needs exactly one of \"argv\" (a list) or \"shell\" (a string)"));
        if (hasArgv) {
            if (auto r = parseArgv(o.value(u"argv"), field + u".argv"); !r)
                return std::unexpected(r.error());
        } else {
            const QJsonValue s = o.value(u"shell");
            if (!s.isString() || s.toString().trimmed().isEmpty())
                return bad(field + u".shell", QStringLiteral("must be a non-empty string"));
            cmd.shell = s.toString();
        }
        if (o.contains(u"name")) {
            if (!o.value(u"name").isString() || o.value(u"name").toString().isEmpty())
                return bad(field + u".name", QStringLiteral("must be a non-empty string"));
            cmd.name = o.value(u"name").toString();
        }
        if (o.contains(u"timeout_seconds")) {
            auto t = millisecondsField(o.value(u"timeout_seconds"), field + u".timeout_seconds", 1, MaxTimeoutMs);
            if (!t)
                return std::unexpected(t.error());
            cmd.timeoutMs = *t;
        }
    } else if (v.isString()) {
        // A bare string is ambiguous (split on spaces? a shell line?): make the author say.
        return bad(field,
            QStringLiteral("a bare string is not a command: write an argv list [\"prog\", \"arg\"] "
                           "or {\"shell\": \"...\"}"));
    } else {
        return bad(field, QStringLiteral("must be an argv list or an object with \"argv\" or \"shell\""));
    }
    if (cmd.name.isEmpty())
        cmd.name = cmd.commandLine();
    return cmd;
}

std::expected<QList<CiCommand>, CiConfigError> parseCommands(const QJsonValue &v, const QString &field)
{
    if (!v.isArray())
        return bad(field, QStringLiteral("must be a list of commands"));
    QList<CiCommand> out;
    const QJsonArray a = v.toArray();
    for (qsizetype i = 0; i < a.size(); ++i) {
        auto c = parseCommand(a.at(i), QStringLiteral("%1[%2]").arg(field).arg(i));
        if (!c)
            return std::unexpected(c.error());
        out.append(*c);
    }
    return out;
}

} // namespace

std::expected<CiConfig, CiConfigError> CiConfig::fromJson(const QByteArray &json)
{
    CiConfig cfg;
    if (json.trimmed().isEmpty())
        return cfg;
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError)
        return bad(QString(), QStringLiteral("not valid JSON at offset %1: %2").arg(err.offset).arg(err.errorString()));
    if (!doc.isObject())
        return bad(QString(), QStringLiteral("must be a JSON object"));
    const QJsonObject o = doc.object();

    static const QStringList known { "normal", "strict", "timeout_seconds", "env_allow", "env", "attempts",
        "backoff_seconds", "concurrency" };
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key()))
            return bad(it.key(), QStringLiteral("unknown key (expected one of %1)").arg(known.join(u", ")));
    }

    for (const auto &[key, target] :
        { std::pair { QStringLiteral("normal"), &cfg.normal }, std::pair { QStringLiteral("strict"), &cfg.strict } }) {
        if (!o.contains(key))
            continue;
        auto cmds = parseCommands(o.value(key), key);
        if (!cmds)
            return std::unexpected(cmds.error());
        *target = *cmds;
    }
    if (o.contains(u"timeout_seconds")) {
        auto t = millisecondsField(o.value(u"timeout_seconds"), QStringLiteral("timeout_seconds"), 1, MaxTimeoutMs);
        if (!t)
            return std::unexpected(t.error());
        cfg.timeoutMs = *t;
    }
    if (o.contains(u"env_allow")) {
        const QJsonValue v = o.value(u"env_allow");
        if (!v.isArray())
            return bad(QStringLiteral("env_allow"), QStringLiteral("must be a list of variable names"));
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (!a.at(i).isString() || !isEnvName(a.at(i).toString()))
                return bad(QStringLiteral("env_allow[%1]").arg(i),
                    QStringLiteral("must be a variable name (letters, digits, underscore)"));
            cfg.envAllow.append(a.at(i).toString());
        }
    }
    if (o.contains(u"env")) {
        const QJsonValue v = o.value(u"env");
        if (!v.isObject())
            return bad(QStringLiteral("env"), QStringLiteral("must be an object of variable: string value"));
        const QJsonObject e = v.toObject();
        for (auto it = e.begin(); it != e.end(); ++it) {
            if (!isEnvName(it.key()))
                return bad(QStringLiteral("env.%1").arg(it.key()),
                    QStringLiteral("is not a variable name (letters, digits, underscore)"));
            if (!it.value().isString())
                return bad(QStringLiteral("env.%1").arg(it.key()), QStringLiteral("must be a string"));
            cfg.env.insert(it.key(), it.value().toString());
        }
    }
    if (o.contains(u"attempts")) {
        auto n = intField(o.value(u"attempts"), QStringLiteral("attempts"), 1, 20);
        if (!n)
            return std::unexpected(n.error());
        cfg.attempts = *n;
    }
    if (o.contains(u"backoff_seconds")) {
        auto b = millisecondsField(o.value(u"backoff_seconds"), QStringLiteral("backoff_seconds"), 0, 3600 * 1000);
        if (!b)
            return std::unexpected(b.error());
        cfg.backoffMs = *b;
    }
    if (o.contains(u"concurrency")) {
        auto n = intField(o.value(u"concurrency"), QStringLiteral("concurrency"), 1, 64);
        if (!n)
            return std::unexpected(n.error());
        cfg.concurrency = *n;
    }
    return cfg;
}

const QList<CiCommand> &CiConfig::commandsFor(Profile profile) const
{
    return profile == Profile::Strict && !strict.isEmpty() ? strict : normal;
}

QProcessEnvironment CiConfig::environment(const QProcessEnvironment &parent, const QString &home) const
{
    QProcessEnvironment out;
    for (const QString &name : envAllow) {
        if (parent.contains(name))
            out.insert(name, parent.value(name));
    }
    for (auto it = env.begin(); it != env.end(); ++it)
        out.insert(it.key(), it.value());
    if (!out.contains(QStringLiteral("PATH")))
        out.insert(QStringLiteral("PATH"), QString::fromLatin1(DefaultPath));
    if (!out.contains(QStringLiteral("HOME")))
        out.insert(QStringLiteral("HOME"), home);
    if (!out.contains(QStringLiteral("LANG")))
        out.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    return out;
}

} // namespace Autopack::Ci
