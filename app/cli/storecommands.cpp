#include "storecommands.h"

#include "repositoryprobe.h"
#include "store.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace Autopack::Cli {

namespace {

QString tr(const char *text) { return QCoreApplication::translate("Autopack::Cli::StoreCommands", text); }

int failWith(QTextStream &err, const QString &message)
{
    err << "autopack: " << message << Qt::endl;
    return 1;
}

QString timeText(const QDateTime &t) { return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QStringLiteral("-"); }

int tokenCreate(Store &store, const Options &o, QTextStream &out, QTextStream &err)
{
    const auto created = store.createToken(o.name, o.role);
    if (!created)
        return failWith(err, created.error().message);
    // The notice on stderr and the token alone on stdout, so that
    // `autopack token create ... > FILE` makes a file `agent --token-file` reads.
    err << tr("Created %1 token \"%2\". It is shown only now; store it safely:")
               .arg(created->token.role, created->token.name)
        << Qt::endl;
    out << created->plainToken << Qt::endl;
    return 0;
}

int tokenList(Store &store, QTextStream &out, QTextStream &err)
{
    const auto tokens = store.tokens();
    if (!tokens)
        return failWith(err, tokens.error().message);
    if (tokens->isEmpty()) {
        out << tr("No tokens. Create one with: autopack token create --role ROLE --name NAME") << Qt::endl;
        return 0;
    }
    out << QStringLiteral("%1  %2  %3  %4  %5")
               .arg(tr("NAME"), -20)
               .arg(tr("ROLE"), -9)
               .arg(tr("CREATED"), -20)
               .arg(tr("LAST USED"), -20)
               .arg(tr("STATUS"))
        << Qt::endl;
    for (const AgentToken &t : *tokens) {
        out << QStringLiteral("%1  %2  %3  %4  %5")
                   .arg(t.name, -20)
                   .arg(t.role, -9)
                   .arg(timeText(t.createdAt), -20)
                   .arg(timeText(t.lastUsedAt), -20)
                   .arg(t.isRevoked() ? tr("revoked %1").arg(timeText(t.revokedAt)) : tr("valid"))
            << Qt::endl;
    }
    return 0;
}

int tokenRevoke(Store &store, const Options &o, QTextStream &out, QTextStream &err)
{
    const auto revoked = store.revokeToken(o.name);
    if (!revoked)
        return failWith(err, revoked.error().message);
    out << tr("Revoked token \"%1\".").arg(revoked->name) << Qt::endl;
    return 0;
}

int projectAdd(Store &store, const Options &o, QTextStream &out, QTextStream &err)
{
    const auto info = Git::probeRepository(o.path, o.base);
    if (!info)
        return failWith(err, info.error().message);
    Project project;
    project.repoPath = info->path;
    project.baseBranch = info->baseBranch;
    project.name = o.name.isEmpty() ? QFileInfo(info->path).fileName() : o.name;
    if (project.name.endsWith(QLatin1String(".git")))
        project.name.chop(4);
    const auto added = store.addProject(project);
    if (!added)
        return failWith(err, added.error().message);
    out << tr("Added project \"%1\": %2, base branch %3 at %4.")
               .arg(added->name, added->repoPath, added->baseBranch, info->baseCommit.left(12))
        << Qt::endl;
    return 0;
}

int projectList(Store &store, QTextStream &out, QTextStream &err)
{
    const auto projects = store.projects();
    if (!projects)
        return failWith(err, projects.error().message);
    if (projects->isEmpty()) {
        out << tr("No projects. Add one with: autopack project add PATH [--base BRANCH] [--name NAME]") << Qt::endl;
        return 0;
    }
    out << QStringLiteral("%1  %2  %3").arg(tr("NAME"), -20).arg(tr("BASE"), -12).arg(tr("REPOSITORY")) << Qt::endl;
    for (const Project &p : *projects)
        out << QStringLiteral("%1  %2  %3").arg(p.name, -20).arg(p.baseBranch, -12).arg(p.repoPath) << Qt::endl;
    return 0;
}

} // namespace

int runStoreCommand(Store &store, const Options &options, QTextStream &out, QTextStream &err)
{
    switch (options.verb) {
    case Verb::TokenCreate:
        return tokenCreate(store, options, out, err);
    case Verb::TokenList:
        return tokenList(store, out, err);
    case Verb::TokenRevoke:
        return tokenRevoke(store, options, out, err);
    case Verb::ProjectAdd:
        return projectAdd(store, options, out, err);
    case Verb::ProjectList:
        return projectList(store, out, err);
    case Verb::Start:
    case Verb::Help:
    case Verb::Version:
        break;
    }
    return failWith(err, tr("internal error: not a store command"));
}

} // namespace Autopack::Cli
