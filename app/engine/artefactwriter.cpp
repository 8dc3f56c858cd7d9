#include "artefactwriter.h"

#include "rowjson.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace Autopack::Engine {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Autopack::ArtefactWriter", text);
}

QString time(const QDateTime &t)
{
    return t.isValid() ? t.toString(Qt::ISODate) : QStringLiteral("-");
}

} // namespace

ArtefactWriter::ArtefactWriter(const Store &store, QString runDirectory)
    : m_store(store)
    , m_dir(std::move(runDirectory))
{
}

std::expected<QString, QString> ArtefactWriter::write(const QString &runId) const
{
    auto run = m_store.run(runId);
    auto tiers = m_store.tiers(runId);
    auto phases = m_store.phases(runId);
    auto issues = m_store.runIssues(runId);
    auto index = m_store.runIssueIndex(runId);
    auto events = m_store.runEvents(runId, 0, 100000);
    if (!run || !tiers || !phases || !issues || !index || !events) {
        const StoreError e = !run ? run.error()
            : !tiers             ? tiers.error()
            : !phases            ? phases.error()
            : !issues            ? issues.error()
            : !index             ? index.error()
                                 : events.error();
        return std::unexpected(tr("run %1 cannot be read: %2").arg(runId, e.message));
    }
    auto backlog = m_store.backlog(run->projectId);
    if (!backlog)
        return std::unexpected(tr("backlog cannot be read: %1").arg(backlog.error().message));

    QStringList failures;
    auto save = [&](const QString &relative, const QByteArray &bytes) {
        const QString path = m_dir + u'/' + relative;
        QDir().mkpath(QFileInfo(path).absolutePath());
        QSaveFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
            failures << QStringLiteral("%1: %2").arg(path, f.errorString());
    };
    auto json = [](const auto &value) { return QJsonDocument(value).toJson(QJsonDocument::Indented); };

    // RUN_SUMMARY.md
    QString s;
    s += QStringLiteral("# Run %1\n\n").arg(runId);
    s += QStringLiteral("- state: %1\n").arg(toString(run->state));
    s += QStringLiteral("- safety profile: %1, scope: %2\n").arg(run->safetyProfile, run->runScope);
    s += QStringLiteral("- tokens: %1 of %2\n").arg(run->tokensUsed).arg(run->tokenCap);
    s += QStringLiteral("- CI runs: %1\n").arg(run->ciRunsUsed);
    s += QStringLiteral("- issues: %1 minor, %2 major (max minor %3)\n")
             .arg(run->minorIssues)
             .arg(run->majorIssues)
             .arg(run->maxMinorIssuesTotal);
    s += QStringLiteral("- integration branch: %1 (from %2)\n").arg(run->integrationBranch, run->baseCommit);
    s += QStringLiteral("- promotion eligible: %1\n").arg(run->promotionEligible ? u"yes" : u"no");
    s += QStringLiteral("- created %1, started %2, completed %3\n")
             .arg(time(run->createdAt), time(run->startedAt), time(run->completedAt));
    if (!run->failureReason.isEmpty())
        s += QStringLiteral("- failure reason: %1\n").arg(run->failureReason);
    s += QStringLiteral("\n| tier | state | cleanliness | tokens | CI runs | minor | major |\n| --- | --- | --- | --- | --- | --- | --- |\n");
    for (const Tier &t : *tiers)
        s += QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 | %7 |\n")
                 .arg(t.tierId, toString(t.state), toString(t.cleanliness))
                 .arg(t.tokensUsed)
                 .arg(t.ciRunsUsed)
                 .arg(t.minorIssues)
                 .arg(t.majorIssues);
    s += QStringLiteral("\n| phase | tier | state | builder att. | auditor att. | tokens | candidate |\n| --- | --- | --- | --- | --- | --- | --- |\n");
    for (const Phase &p : *phases)
        s += QStringLiteral("| %1 | %2 | %3 | %4/%5 | %6/%7 | %8 | %9 |\n")
                 .arg(p.phaseId, p.tierId, toString(p.state))
                 .arg(p.builderAttempts)
                 .arg(p.maxBuilderAttempts)
                 .arg(p.auditorAttempts)
                 .arg(p.maxAuditorAttempts)
                 .arg(p.tokensUsed)
                 .arg(p.candidateCommit);
    save(QStringLiteral("RUN_SUMMARY.md"), s.toUtf8());

    for (const Tier &t : *tiers) {
        QString ts = QStringLiteral("# Tier %1: %2\n\n%3\n\n").arg(t.tierId, t.name, t.description);
        ts += QStringLiteral("- state: %1, cleanliness: %2\n").arg(toString(t.state), toString(t.cleanliness));
        ts += QStringLiteral("- tokens %1 of %2, CI runs %3 of %4\n")
                  .arg(t.tokensUsed)
                  .arg(t.tokenCap)
                  .arg(t.ciRunsUsed)
                  .arg(t.ciRunCap);
        ts += QStringLiteral("- issues: %1 minor (tolerated %2), %3 major (tolerated %4)\n")
                  .arg(t.minorIssues)
                  .arg(t.maxMinorIssuesTolerated)
                  .arg(t.majorIssues)
                  .arg(t.maxMajorIssuesTolerated);
        save(QStringLiteral("tiers/%1.md").arg(t.tierId), ts.toUtf8());
    }
    for (const Phase &p : *phases) {
        QString ps = QStringLiteral("# Phase %1: %2\n\n%3\n\n").arg(p.phaseId, p.name, p.description);
        ps += QStringLiteral("- tier %1, index %2, category %3, complexity %4, builder mode %5\n")
                  .arg(p.tierId)
                  .arg(p.phaseIndex)
                  .arg(p.taskCategory, p.complexity, p.builderMode);
        ps += QStringLiteral("- state: %1, issue state: %2\n").arg(toString(p.state), p.issueState);
        ps += QStringLiteral("- attempts: builder %1/%2, auditor %3/%4\n")
                  .arg(p.builderAttempts)
                  .arg(p.maxBuilderAttempts)
                  .arg(p.auditorAttempts)
                  .arg(p.maxAuditorAttempts);
        ps += QStringLiteral("- tokens %1 (incident cap %2)\n").arg(p.tokensUsed).arg(p.incidentTokenCap);
        ps += QStringLiteral("- base %1, candidate %2\n").arg(p.baseCommit, p.candidateCommit);
        save(QStringLiteral("phases/%1.md").arg(p.phaseId), ps.toUtf8());
        QJsonArray own;
        for (const Issue &i : *issues) {
            if (i.phaseId == p.phaseId)
                own.append(issueFields(i));
        }
        save(QStringLiteral("phases/%1_issues.json").arg(p.phaseId), json(QJsonObject { { "phase_id", p.phaseId }, { "issues", own } }));
    }

    QJsonArray indexArray;
    for (const RunIssue &i : *index)
        indexArray.append(runIssueFields(i));
    save(QStringLiteral("run_issue_index.json"), json(QJsonObject { { "run_id", runId }, { "issues", indexArray } }));
    QJsonArray backlogArray;
    for (const BacklogIssue &b : *backlog) {
        QJsonObject o = backlogIssueFields(b);
        o.insert("last_seen", time(b.lastSeen));
        backlogArray.append(o);
    }
    save(QStringLiteral("project_issue_backlog.json"),
         json(QJsonObject { { "project_id", run->projectId }, { "issues", backlogArray } }));
    save(QStringLiteral("strategy.json"), run->strategyJson.toUtf8());

    const bool failed = isTerminal(run->state) && run->state != RunState::DoneSuccess;
    if (failed) {
        QString is = QStringLiteral("# Incident: run %1 ended %2\n\n%3\n\n")
                         .arg(runId, toString(run->state), run->failureReason);
        for (const Phase &p : *phases) {
            if (p.state == PhaseState::Failed)
                is += QStringLiteral("- phase %1 FAILED after builder %2/%3, auditor %4/%5 attempts\n")
                          .arg(p.phaseId)
                          .arg(p.builderAttempts)
                          .arg(p.maxBuilderAttempts)
                          .arg(p.auditorAttempts)
                          .arg(p.maxAuditorAttempts);
        }
        save(QStringLiteral("incident/SUMMARY.md"), is.toUtf8());
        QJsonArray eventArray;
        for (const Event &e : *events)
            eventArray.append(QJsonObject {
                { "id", e.id },
                { "time", time(e.time) },
                { "entity", toString(e.entityKind) },
                { "entity_id", e.entityId },
                { "from", e.fromState },
                { "to", e.toState },
                { "actor", toString(e.actor) },
                { "actor_name", e.actorName },
                { "reason", e.reason },
            });
        save(QStringLiteral("incident/events.json"), json(eventArray));
        QJsonArray issueArray;
        for (const Issue &i : *issues)
            issueArray.append(issueFields(i));
        save(QStringLiteral("incident/issues.json"), json(issueArray));
        QJsonArray ciArray;
        for (const Phase &p : *phases) {
            auto attempts = m_store.ciAttempts(runId, p.phaseId);
            if (!attempts)
                continue;
            for (const CiAttempt &a : *attempts) {
                QJsonObject o = ciAttemptFields(a);
                o.insert("phase_id", a.phaseId);
                ciArray.append(o);
            }
        }
        save(QStringLiteral("incident/ci_output.json"), json(ciArray));
        // The newest patch file of each phase (names are <phase>-<attempt>-<role>.patch).
        const QDir patches(m_dir + QStringLiteral("/patches"));
        QHash<QString, std::pair<int, QString>> newest;
        for (const QString &name : patches.entryList({ QStringLiteral("*.patch") }, QDir::Files)) {
            const QStringList parts = name.chopped(6).split(u'-');
            if (parts.size() < 3)
                continue;
            const int attempt = parts.at(parts.size() - 2).toInt();
            const QString phase = parts.mid(0, parts.size() - 2).join(u'-');
            if (!newest.contains(phase) || newest.value(phase).first <= attempt)
                newest.insert(phase, { attempt, name });
        }
        for (auto it = newest.cbegin(); it != newest.cend(); ++it) {
            QFile f(patches.filePath(it->second));
            if (f.open(QIODevice::ReadOnly))
                save(QStringLiteral("incident/patches/%1").arg(it->second), f.readAll());
        }
    }
    if (!failures.isEmpty())
        return std::unexpected(tr("artefacts not written: %1").arg(failures.join(QStringLiteral("; "))));
    return m_dir;
}

} // namespace Autopack::Engine
