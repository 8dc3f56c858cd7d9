#include "commandline.h"

#include <QCoreApplication>

namespace Autopack::Cli {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("Autopack::Cli", text); }

std::unexpected<UsageError> usage(const QString &message) { return std::unexpected(UsageError { message }); }

// Walks the arguments after the verb words; options may come in any order.
class ArgumentReader
{
public:
    explicit ArgumentReader(QStringList args)
        : m_args(std::move(args))
    {
    }

    bool atEnd() const { return m_pos >= m_args.size(); }
    QString next() { return m_args.at(m_pos++); }

    // The value of an option given either as `--opt VALUE` or `--opt=VALUE`.
    std::expected<QString, UsageError> value(const QString &option, const QString &inlineValue)
    {
        if (!inlineValue.isNull()) {
            if (inlineValue.isEmpty())
                return usage(tr("option %1 needs a value").arg(option));
            return inlineValue;
        }
        if (atEnd() || m_args.at(m_pos).startsWith(QLatin1String("--")))
            return usage(tr("option %1 needs a value").arg(option));
        return next();
    }

private:
    QStringList m_args;
    qsizetype m_pos = 0;
};

bool isValidRole(const QString &role)
{
    static const QStringList roles { QStringLiteral("builder"), QStringLiteral("auditor"), QStringLiteral("observer"),
        QStringLiteral("admin") };
    return roles.contains(role);
}

} // namespace

std::expected<Options, UsageError> parseCommandLine(const QStringList &arguments)
{
    Options options;
    QStringList args = arguments.mid(1);

    // Verb words come first: `token create`, `project add`, ...
    if (!args.isEmpty() && args.first() == QLatin1String("agent")) {
        args.takeFirst();
        options.verb = Verb::Agent;
    } else if (!args.isEmpty() && !args.first().startsWith(QLatin1Char('-'))) {
        const QString noun = args.takeFirst();
        if (noun != QLatin1String("token") && noun != QLatin1String("project"))
            return usage(tr("unknown command '%1' (expected 'token', 'project' or 'agent')").arg(noun));
        if (args.isEmpty() || args.first().startsWith(QLatin1Char('-')))
            return usage(tr("'%1' needs a subcommand").arg(noun));
        const QString sub = args.takeFirst();
        if (noun == QLatin1String("token")) {
            if (sub == QLatin1String("create"))
                options.verb = Verb::TokenCreate;
            else if (sub == QLatin1String("list"))
                options.verb = Verb::TokenList;
            else if (sub == QLatin1String("revoke"))
                options.verb = Verb::TokenRevoke;
            else
                return usage(tr("unknown token subcommand '%1' (expected create, list or revoke)").arg(sub));
        } else {
            if (sub == QLatin1String("add"))
                options.verb = Verb::ProjectAdd;
            else if (sub == QLatin1String("list"))
                options.verb = Verb::ProjectList;
            else
                return usage(tr("unknown project subcommand '%1' (expected add or list)").arg(sub));
        }
    }

    const bool isStart = options.verb == Verb::Start;
    ArgumentReader reader(args);
    while (!reader.atEnd()) {
        const QString arg = reader.next();
        if (!arg.startsWith(QLatin1String("--"))) {
            if (options.verb == Verb::TokenRevoke && options.name.isEmpty()) {
                options.name = arg;
                continue;
            }
            if (options.verb == Verb::ProjectAdd && options.path.isEmpty()) {
                options.path = arg;
                continue;
            }
            return usage(tr("unexpected argument '%1'").arg(arg));
        }
        const qsizetype eq = arg.indexOf(QLatin1Char('='));
        const QString option = eq < 0 ? arg : arg.left(eq);
        const QString inlineValue = eq < 0 ? QString() : arg.mid(eq + 1);

        auto take = [&](QString &target) -> std::expected<void, UsageError> {
            auto v = reader.value(option, inlineValue);
            if (!v)
                return std::unexpected(v.error());
            target = *v;
            return {};
        };
        auto flag = [&](bool &target) -> std::expected<void, UsageError> {
            if (!inlineValue.isNull())
                return usage(tr("option %1 takes no value").arg(option));
            target = true;
            return {};
        };
        auto onlyForStart = [&]() -> std::expected<void, UsageError> {
            if (!isStart)
                return usage(tr("option %1 is not valid with this command").arg(option));
            return {};
        };

        auto number = [&](int &target, int low, int high) -> std::expected<void, UsageError> {
            QString text;
            if (auto t = take(text); !t)
                return t;
            bool ok = false;
            const int n = text.toInt(&ok);
            if (!ok || n < low || n > high)
                return usage(tr("option %1 takes a whole number from %2 to %3, not '%4'")
                                 .arg(option)
                                 .arg(low)
                                 .arg(high)
                                 .arg(text));
            target = n;
            return {};
        };
        const bool isAgent = options.verb == Verb::Agent;
        AgentArguments &agent = options.agent;

        std::expected<void, UsageError> r;
        if (isAgent && option == QLatin1String("--role")) {
            r = take(agent.role);
        } else if (isAgent && option == QLatin1String("--adapter")) {
            r = take(agent.adapter);
        } else if (isAgent && option == QLatin1String("--command")) {
            r = take(agent.command);
        } else if (isAgent && option == QLatin1String("--url")) {
            r = take(agent.url);
        } else if (isAgent && option == QLatin1String("--token")) {
            r = take(agent.token);
        } else if (isAgent && option == QLatin1String("--token-file")) {
            r = take(agent.tokenFile);
        } else if (isAgent && option == QLatin1String("--parallel")) {
            r = number(agent.parallel, 1, 64);
        } else if (isAgent && option == QLatin1String("--once")) {
            r = flag(agent.once);
        } else if (isAgent && option == QLatin1String("--workdir")) {
            r = take(agent.workdir);
        } else if (isAgent && option == QLatin1String("--timeout")) {
            r = number(agent.timeoutMinutes, 1, 24 * 60);
        } else if (isAgent && option == QLatin1String("--stall-timeout")) {
            r = number(agent.stallTimeoutSeconds, 1, 24 * 3600);
        } else if (isAgent && option == QLatin1String("--db")) {
            return usage(tr("option --db is not valid with agent: a runner talks to the engine only through --url"));
        } else if (option == QLatin1String("--help") || option == QLatin1String("-h")) {
            options.verb = Verb::Help;
            return options;
        } else if (option == QLatin1String("--version")) {
            options.verb = Verb::Version;
            return options;
        } else if (option == QLatin1String("--db")) {
            r = take(options.dbPath);
        } else if (option == QLatin1String("--project")) {
            if (r = onlyForStart(); r)
                r = take(options.projectPath);
        } else if (option == QLatin1String("--listen")) {
            if (r = onlyForStart(); r)
                r = take(options.listen);
        } else if (option == QLatin1String("--headless")) {
            if (r = onlyForStart(); r)
                r = flag(options.headless);
        } else if (option == QLatin1String("--demo")) {
            if (r = onlyForStart(); r)
                r = flag(options.demo);
        } else if (option == QLatin1String("--insecure")) {
            if (r = onlyForStart(); r)
                r = flag(options.insecure);
        } else if (option == QLatin1String("--role") && options.verb == Verb::TokenCreate) {
            r = take(options.role);
        } else if (option == QLatin1String("--name")
            && (options.verb == Verb::TokenCreate || options.verb == Verb::ProjectAdd)) {
            r = take(options.name);
        } else if (option == QLatin1String("--base") && options.verb == Verb::ProjectAdd) {
            r = take(options.base);
        } else {
            return usage(tr("unknown option %1").arg(option));
        }
        if (!r)
            return std::unexpected(r.error());
    }

    switch (options.verb) {
    case Verb::TokenCreate:
        if (options.role.isEmpty())
            return usage(tr("token create needs --role ROLE (builder, auditor, observer or admin)"));
        if (!isValidRole(options.role))
            return usage(tr("unknown role '%1' (expected builder, auditor, observer or admin)").arg(options.role));
        if (options.name.isEmpty())
            return usage(tr("token create needs --name NAME"));
        break;
    case Verb::TokenRevoke:
        if (options.name.isEmpty())
            return usage(tr("token revoke needs the NAME of the token"));
        break;
    case Verb::ProjectAdd:
        if (options.path.isEmpty())
            return usage(tr("project add needs the PATH of a git repository"));
        break;
    case Verb::Agent:
        if (options.agent.role.isEmpty())
            return usage(tr("agent needs --role builder or --role auditor"));
        if (options.agent.role != QLatin1String("builder") && options.agent.role != QLatin1String("auditor"))
            return usage(tr("agent --role must be builder or auditor, not '%1'").arg(options.agent.role));
        if (!options.agent.token.isEmpty() && !options.agent.tokenFile.isEmpty())
            return usage(tr("give --token or --token-file, not both"));
        if (options.agent.adapter.isEmpty() && options.agent.command.isEmpty())
            return usage(tr("agent needs --adapter NAME (claude, codex, gemini, opencode, aider, command) or --command "
                            "\"PROGRAM ARGS\""));
        if (options.agent.adapter == QLatin1String("command") && options.agent.command.isEmpty())
            return usage(tr("--adapter command needs --command \"PROGRAM ARGS\""));
        if (options.agent.adapter.isEmpty())
            options.agent.adapter = QStringLiteral("command");
        break;
    default:
        break;
    }
    return options;
}

QString helpText()
{
    return tr("Usage:\n"
              "  autopack [--db PATH] [--project PATH] [--listen ADDR:PORT] [--headless] [--demo] [--insecure]\n"
              "  autopack token create --role ROLE --name NAME [--db PATH]\n"
              "  autopack token list [--db PATH]\n"
              "  autopack token revoke NAME [--db PATH]\n"
              "  autopack project add PATH [--base BRANCH] [--name NAME] [--db PATH]\n"
              "  autopack project list [--db PATH]\n"
              "  autopack agent --role builder|auditor [--adapter NAME] [--command \"PROGRAM ARGS\"]\n"
              "                 [--url URL] [--token TOKEN | --token-file FILE] [--parallel N] [--once]\n"
              "                 [--workdir DIR] [--timeout MINUTES] [--stall-timeout SECONDS]\n"
              "  autopack --help | --version\n"
              "\n"
              "Autopack Control Center supervises autonomous coding agents: it owns every state\n"
              "change, applies every patch to per-run integration branches and runs CI.\n"
              "\n"
              "Options:\n"
              "  --db PATH            SQLite database file (default: in the user's data directory)\n"
              "  --project PATH       default project repository for runs started without project_id\n"
              "  --listen ADDR:PORT   agent API address (default 127.0.0.1:8765)\n"
              "  --headless           run the engine and the listener with no window\n"
              "  --demo               fill a fresh database with sample projects and runs\n"
              "  --insecure           allow a non-loopback --listen address without TLS\n"
              "\n"
              "Agent runner (autopack agent):\n"
              "  --role ROLE          builder or auditor: the work claimed\n"
              "  --adapter NAME       claude, codex, gemini, opencode, aider or command\n"
              "  --command CMD        the program to run (with --adapter command: any program; the\n"
              "                       prompt is on stdin and in $AUTOPACK_PROMPT_FILE)\n"
              "  --url URL            the engine (default $AUTOPACK_URL or http://127.0.0.1:8765)\n"
              "  --token TOKEN        the agent's token (default $AUTOPACK_TOKEN)\n"
              "  --token-file FILE    read the token from the first line of FILE\n"
              "  --parallel N         work up to N phases of different runs at once (default 1)\n"
              "  --once               one phase, then exit (3: nothing to claim within 30 s)\n"
              "  --workdir DIR        where workspaces live (default: the user's data directory)\n"
              "  --timeout MINUTES    the agent's wall time per phase (default 60)\n"
              "  --stall-timeout SEC  stop an agent silent this long (default 600)\n"
              "\n"
              "Exit codes: 0 success, 2 usage error, 1 anything else (agent --once: 3 nothing claimed).\n");
}

} // namespace Autopack::Cli
