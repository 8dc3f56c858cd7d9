#include "commandline.h"

#include <QCoreApplication>

namespace Autopack::Cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Autopack::Cli", text);
}

std::unexpected<UsageError> usage(const QString &message)
{
    return std::unexpected(UsageError { message });
}

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
    static const QStringList roles { QStringLiteral("builder"), QStringLiteral("auditor"),
                                     QStringLiteral("observer"), QStringLiteral("admin") };
    return roles.contains(role);
}

} // namespace

std::expected<Options, UsageError> parseCommandLine(const QStringList &arguments)
{
    Options options;
    QStringList args = arguments.mid(1);

    // Verb words come first: `token create`, `project add`, ...
    if (!args.isEmpty() && !args.first().startsWith(QLatin1Char('-'))) {
        const QString noun = args.takeFirst();
        if (noun != QLatin1String("token") && noun != QLatin1String("project"))
            return usage(tr("unknown command '%1' (expected 'token' or 'project')").arg(noun));
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

        std::expected<void, UsageError> r;
        if (option == QLatin1String("--help") || option == QLatin1String("-h")) {
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
              "Exit codes: 0 success, 2 usage error, 1 anything else.\n");
}

} // namespace Autopack::Cli
