#pragma once

// A project's CI configuration (SPEC §7), parsed from the project's CI commands JSON
// (Project::ciCommandsJson). The shape, every key optional:
//
//   {
//     "normal": [ ["ctest", "--output-on-failure"],            // argv list: no shell
//                 {"shell": "make -j2 check"},                  // run with /bin/sh -c
//                 {"argv": ["./lint"], "name": "lint", "timeout_seconds": 60} ],
//     "strict": [ ... ],          // absent or empty: the normal commands
//     "timeout_seconds": 600,     // per command unless the command sets its own; > 0
//     "env_allow": ["CC", "CXX"], // parent variables passed through; nothing else is
//     "env": {"CI": "1"},         // fixed variables set for every command
//     "attempts": 3,              // 1..20 attempts of the whole command list
//     "backoff_seconds": 5,       // >= 0 (fractions allowed) between attempts
//     "concurrency": 1            // 1..64 CI runs of this project at a time
//   }
//
// Environment of a command: only the variables named in env_allow (when the parent
// has them), then "env", plus defaults for what is not set by either:
// PATH=/usr/local/bin:/usr/bin:/bin, HOME=a fresh directory of the attempt (removed
// with it, so tools' caches never land in the user's home), LANG=C.UTF-8.
// An unknown key, a wrong type or an out-of-range value is refused naming the field
// path (e.g. "normal[1].shell"); "{}" or "" is a valid config with no commands.

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <expected>
#include <optional>

namespace Autopack::Ci {

enum class Profile { Normal, Strict };
QString toString(Profile p); // "normal" | "strict"
std::optional<Profile> profileFromString(QStringView s);

struct CiCommand {
    QString name; // shown in output and issue keys; default: the command line
    QStringList argv; // program and arguments, when !isShell()
    QString shell; // script for /bin/sh -c, when isShell()
    std::optional<int> timeoutMs; // overrides CiConfig::timeoutMs

    bool isShell() const { return !shell.isNull(); }
    QString program() const; // what QProcess starts
    QStringList arguments() const;
    QString commandLine() const; // for humans: argv joined, or the shell script
};

struct CiConfigError {
    QString field; // JSON path of the offending value, e.g. "normal[0]" or "attempts"
    QString message;
    QString toString() const; // "CI config field 'attempts': must be an integer from 1 to 20"
};

struct CiConfig {
    static constexpr int DefaultTimeoutMs = 600'000;
    static constexpr int DefaultAttempts = 3;
    static constexpr int DefaultBackoffMs = 5'000;
    static constexpr int DefaultConcurrency = 1;
    static constexpr auto DefaultPath = "/usr/local/bin:/usr/bin:/bin";

    QList<CiCommand> normal;
    QList<CiCommand> strict;
    int timeoutMs = DefaultTimeoutMs;
    QStringList envAllow;
    QMap<QString, QString> env;
    int attempts = DefaultAttempts;
    int backoffMs = DefaultBackoffMs;
    int concurrency = DefaultConcurrency;

    static std::expected<CiConfig, CiConfigError> fromJson(const QByteArray &json);

    // Strict falls back to normal when it has no commands of its own.
    const QList<CiCommand> &commandsFor(Profile profile) const;
    int timeoutMsFor(const CiCommand &command) const { return command.timeoutMs.value_or(timeoutMs); }

    // The environment a command runs with (see the header comment); `home` is the
    // attempt's own HOME, used unless HOME is allowed and set in `parent`.
    QProcessEnvironment environment(const QProcessEnvironment &parent, const QString &home) const;
};

} // namespace Autopack::Ci
