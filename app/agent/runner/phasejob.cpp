#include "phasejob.h"

#include "agentadapter.h"
#include "agentprocess.h"
#include "apiclient.h"
#include "apitreesource.h"
#include "auditorverdict.h"
#include "promptbuilder.h"
#include "runnerlog.h"
#include "workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>

namespace Autopack::Agent {

namespace {

// A directory name for a run id: readable, and unique even for ids with odd characters.
QString safeName(const QString &runId)
{
    QString out;
    for (QChar c : runId)
        out += (c.isLetterOrNumber() || c == u'-' || c == u'_' || c == u'.') && c.unicode() < 128 ? c : u'_';
    if (out != runId || out.startsWith(u'.'))
        out += u'-'
            + QString::fromLatin1(QCryptographicHash::hash(runId.toUtf8(), QCryptographicHash::Sha1).toHex().left(8));
    return out.left(120);
}

QString shortSha(const QString &sha) { return sha.left(10); }

// The prompt is scratch for one phase: written whole, not made durable (no fsync).
bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(data) == data.size() && f.flush();
}

// What one phase's work carries between its steps.
struct Job {
    QString runId;
    QString phaseId;
    qint64 leaseId = 0;
    QString role;
    QString where; // "run/phase" for log lines
    QJsonObject claim;
};

class Transcript
{
public:
    Transcript(ApiClient &client, qint64 leaseId)
        : m_client(client)
        , m_leaseId(leaseId)
    {
    }
    // The engine keeps a bounded transcript per attempt; an agent printing megabytes of
    // text is cut here already, its steps (tool calls, file changes, usage) still sent.
    void add(const AgentEvent &e)
    {
        const bool chatter = e.kind == AgentEvent::Kind::Message || e.kind == AgentEvent::Kind::Thinking;
        if (chatter && m_chatter >= kChatterSent) {
            if (m_chatter++ == kChatterSent)
                m_pending.append(AgentEvent { AgentEvent::Kind::Notice,
                    QStringLiteral("further messages of the agent left out"), {}, {},
                    {} }.toJson());
            return;
        }
        if (chatter)
            ++m_chatter;
        m_pending.append(e.toJson());
    }
    // False when the engine says the lease is gone.
    bool flush()
    {
        while (!m_pending.isEmpty()) {
            QJsonArray batch;
            while (!m_pending.isEmpty() && batch.size() < 500) {
                batch.append(m_pending.first());
                m_pending.removeFirst();
            }
            auto reply = m_client.postJson(
                QStringLiteral("/work/%1/transcript").arg(m_leaseId), QJsonObject { { "events", batch } });
            // A transcript that cannot be delivered is not worth failing the work for,
            // but a 409 means the lease is gone.
            if (reply && (reply->status == 409 || reply->status == 404 || reply->status == 403))
                return false;
        }
        return true;
    }

private:
    static constexpr int kChatterSent = 2000;
    ApiClient &m_client;
    qint64 m_leaseId;
    QJsonArray m_pending;
    int m_chatter = 0;
};

QString describeEvent(const AgentEvent &e)
{
    switch (e.kind) {
    case AgentEvent::Kind::ToolCall:
        return QStringLiteral("tool %1 %2").arg(e.tool, e.text.left(160));
    case AgentEvent::Kind::FileChange:
        return QStringLiteral("file %1 %2").arg(e.path, e.text.left(80));
    default:
        return AgentEvent::kindName(e.kind) + u' ' + e.text.left(200);
    }
}

} // namespace

PhaseJob::PhaseJob(const RunnerOptions &options, ApiClient &client, const RunnerLog &log, const std::atomic_bool &stop)
    : m_options(options)
    , m_client(client)
    , m_log(log)
    , m_stop(stop)
{
}

PhaseJobResult PhaseJob::run(const QJsonObject &claim)
{
    QElapsedTimer total;
    total.start();
    qint64 agentMs = 0;
    PhaseJobResult result = work(claim, &agentMs);
    result.agentMs = agentMs;
    result.overheadMs = total.elapsed() - agentMs;
    return result;
}

PhaseJobResult PhaseJob::work(const QJsonObject &claim, qint64 *agentMsOut)
{
    Job job;
    job.claim = claim;
    job.runId = claim.value(QStringLiteral("run_id")).toString();
    job.phaseId = claim.value(QStringLiteral("phase_id")).toString();
    job.leaseId = qint64(claim.value(QStringLiteral("lease_id")).toDouble());
    job.role = claim.value(QStringLiteral("role")).toString(m_options.role);
    job.where = job.runId + u'/' + job.phaseId;
    const bool auditor = job.role == QLatin1String("auditor");
    const QString commit = auditor ? claim.value(QStringLiteral("candidate_commit")).toString()
                                   : claim.value(QStringLiteral("base_commit")).toString();
    const int attempt = auditor ? claim.value(QStringLiteral("auditor_attempts")).toInt() + 1
                                : claim.value(QStringLiteral("builder_attempts")).toInt() + 1;
    const int maxAttempts = auditor ? claim.value(QStringLiteral("max_auditor_attempts")).toInt()
                                    : claim.value(QStringLiteral("max_builder_attempts")).toInt();

    auto giveBack = [&](const QString &reason, bool rateLimited) {
        auto reply = m_client.postJson(QStringLiteral("/work/%1/release").arg(job.leaseId),
            QJsonObject { { "reason", reason }, { "rate_limited", rateLimited } });
        m_log.line(job.where,
            QStringLiteral("gave the phase back (%1): %2").arg(reason, reply ? reply->describe() : reply.error()));
    };
    auto failed = [&](const QString &why) {
        m_log.line(job.where, QStringLiteral("cannot work the phase: %1").arg(why));
        giveBack(why, false);
        return PhaseJobResult { PhaseJobResult::End::Failed, why };
    };

    if (job.runId.isEmpty() || job.phaseId.isEmpty() || job.leaseId < 1 || commit.size() != 40)
        return failed(QStringLiteral("the claim answer lacks run_id, phase_id, lease_id or the %1 commit")
                          .arg(auditor ? QStringLiteral("candidate") : QStringLiteral("base")));
    m_log.line(job.where,
        QStringLiteral("claimed for the %1 (attempt %2 of %3, lease %4) at %5: %6")
            .arg(job.role)
            .arg(attempt)
            .arg(maxAttempts)
            .arg(job.leaseId)
            .arg(shortSha(commit), claim.value(QStringLiteral("name")).toString()));

    // --- workspace --------------------------------------------------------------------
    const QString roleDir = QDir(m_options.workdir).filePath(job.role);
    const QString wsDir = QDir(roleDir).filePath(safeName(job.runId));
    const QString filesDir = wsDir + QStringLiteral(".runner"); // prompt and result: never inside the workspace
    if (!QDir().mkpath(filesDir))
        return failed(QStringLiteral("cannot create %1").arg(filesDir));
    QLockFile lock(wsDir + QStringLiteral(".lock"));
    lock.setStaleLockTime(0);
    if (!lock.tryLock(0))
        return failed(QStringLiteral("workspace %1 is in use by another runner").arg(wsDir));
    QElapsedTimer overhead;
    overhead.start();
    auto workspace = Workspace::open(wsDir);
    if (!workspace && QDir(wsDir).exists() && !QFileInfo::exists(wsDir + QStringLiteral("/.git"))) {
        // An agent removed the workspace's .git: the directory is ours, start it afresh.
        m_log.line(
            job.where, QStringLiteral("workspace %1 lost its .git (%2): made anew").arg(wsDir, workspace.error()));
        QDir(wsDir).removeRecursively();
        workspace = Workspace::open(wsDir);
    }
    if (!workspace)
        return failed(workspace.error());
    ApiTreeSource source(m_client, job.runId);
    auto moved = (*workspace)->moveTo(source, commit);
    if (!moved)
        return failed(QStringLiteral("workspace at %1: %2").arg(shortSha(commit), moved.error()));
    const qint64 prepareMs = overhead.elapsed();
    m_log.line(job.where,
        QStringLiteral("workspace %1 at %2: %3 files written, %4 removed, %5 fetched (%6 ms)")
            .arg(wsDir, shortSha(commit))
            .arg(moved->filesWritten)
            .arg(moved->filesRemoved)
            .arg(moved->filesFetched)
            .arg(prepareMs));

    // --- prompt -----------------------------------------------------------------------
    QString candidateDiff;
    if (auditor) {
        auto diff = m_client.get(QStringLiteral("/runs/%1/phases/%2/diff").arg(job.runId, job.phaseId));
        if (!diff || !diff->ok())
            return failed(
                QStringLiteral("cannot read the candidate's diff: %1").arg(diff ? diff->describe() : diff.error()));
        candidateDiff = QString::fromUtf8(diff->body);
    }
    QString templateText = PromptBuilder::defaultTemplate(job.role);
    QFile projectTemplate(QDir(wsDir).filePath(PromptBuilder::projectTemplatePath(job.role)));
    if (projectTemplate.exists()) {
        if (!projectTemplate.open(QIODevice::ReadOnly))
            return failed(QStringLiteral("cannot read %1").arg(projectTemplate.fileName()));
        templateText = QString::fromUtf8(projectTemplate.readAll());
        m_log.line(job.where,
            QStringLiteral("prompt template from the repository: %1")
                .arg(PromptBuilder::projectTemplatePath(job.role)));
    }
    QHash<QString, std::optional<QByteArray>> fileCache;
    auto readFile = [&](const QString &at, const QString &path) -> std::optional<QByteArray> {
        const QString key = at + u':' + path;
        if (!fileCache.contains(key)) {
            auto files = source.files(at, { path });
            fileCache.insert(key, files ? std::optional<QByteArray>(files->value(path)) : std::nullopt);
        }
        return fileCache.value(key);
    };
    auto prompt = PromptBuilder::render(templateText, claim, readFile, candidateDiff);
    if (!prompt)
        return failed(QStringLiteral("prompt template: %1").arg(prompt.error()));
    const QString promptFile = QDir(filesDir).filePath(QStringLiteral("prompt.md"));
    const QString resultFile = QDir(filesDir).filePath(QStringLiteral("result.json"));
    QFile::remove(resultFile);
    if (!writeFile(promptFile, prompt->toUtf8()))
        return failed(QStringLiteral("cannot write %1").arg(promptFile));

    // --- the agent --------------------------------------------------------------------
    auto adapter = AgentAdapter::create(m_options.adapter);
    if (!adapter)
        return failed(QStringLiteral("unknown adapter %1").arg(m_options.adapter));
    LaunchContext context;
    context.workspaceDir = wsDir;
    context.promptFile = promptFile;
    context.promptText = prompt->toUtf8();
    context.resultFile = resultFile;
    context.commandOverride = m_options.command;
    context.role = job.role;
    const QJsonObject budget = claim.value(QStringLiteral("budget_left")).toObject();
    if (budget.contains(QStringLiteral("phase_tokens")))
        context.tokenBudgetLeft = qint64(budget.value(QStringLiteral("phase_tokens")).toDouble());
    auto spec = adapter->launch(context);
    if (!spec)
        return failed(spec.error());
    m_log.line(job.where,
        QStringLiteral("starting %1: %2 %3").arg(adapter->name(), spec->program, spec->arguments.join(u' ').left(120)));

    ProcessOptions po;
    po.workingDirectory = wsDir;
    po.wallTimeoutMs = m_options.timeoutMinutes * 60 * 1000;
    po.stallTimeoutMs = m_options.stallTimeoutSeconds * 1000;
    Transcript transcript(m_client, job.leaseId);
    transcript.add(AgentEvent { AgentEvent::Kind::Notice,
        QStringLiteral("%1 attempt %2 started by %3 at %4")
            .arg(job.role)
            .arg(attempt)
            .arg(adapter->name(), shortSha(commit)),
        {}, {}, {} });
    bool leaseLost = false;
    QString lostBecause;
    QElapsedTimer sinceHeartbeat;
    sinceHeartbeat.start();
    QElapsedTimer sinceFlush;
    sinceFlush.start();
    // A person reads the terminal: past a few hundred lines of the agent's own text only
    // its steps are shown there (the transcript keeps what the store's bound allows).
    int messagesShown = 0;
    constexpr int kMessagesShown = 200;
    // Agents name files by absolute path; a reader of the transcript knows the
    // repository, not the runner's workspace directory.
    const QString wsPrefix = QDir(wsDir).absolutePath() + u'/';
    bool sawUsage = false;
    auto drain = [&] {
        for (AgentEvent e : adapter->takeEvents()) {
            if (e.path.startsWith(wsPrefix))
                e.path = e.path.mid(wsPrefix.size());
            e.text.replace(wsPrefix, QString());
            sawUsage = sawUsage || e.kind == AgentEvent::Kind::Usage;
            const bool chatter = e.kind == AgentEvent::Kind::Message || e.kind == AgentEvent::Kind::Thinking;
            if (!chatter || messagesShown < kMessagesShown)
                m_log.line(job.where, describeEvent(e));
            else if (messagesShown == kMessagesShown)
                m_log.line(job.where, QStringLiteral("(further messages of the agent are in the transcript only)"));
            if (chatter)
                ++messagesShown;
            transcript.add(e);
        }
    };
    auto onOutput = [&](const QByteArray &chunk) {
        adapter->feedStdout(chunk);
        drain();
    };
    bool overBudget = false;
    auto onTick = [&]() -> bool {
        // CLIs have no token cap of their own: the runner holds the agent to the phase's budget.
        if (context.tokenBudgetLeft && adapter->usage().total() > *context.tokenBudgetLeft) {
            overBudget = true;
            return false;
        }
        if (sinceFlush.elapsed() >= 1000) {
            sinceFlush.restart();
            if (!transcript.flush()) {
                leaseLost = true;
                lostBecause = QStringLiteral("the engine refused the transcript: the lease is gone");
                return false;
            }
        }
        if (sinceHeartbeat.elapsed() < m_options.heartbeatMs)
            return true;
        sinceHeartbeat.restart();
        auto hb = m_client.postJson(QStringLiteral("/work/%1/heartbeat").arg(job.leaseId), {});
        if (hb && !hb->ok() && hb->status != 401 && hb->status < 500) {
            leaseLost = true;
            lostBecause = hb->describe();
            return false;
        }
        return true; // an unreachable engine may come back before the lease expires
    };
    QElapsedTimer agentTime;
    agentTime.start();
    const AgentExit exit = AgentProcess::run(*spec, po, onOutput, onTick, &m_stop);
    const qint64 agentMs = agentTime.elapsed();
    *agentMsOut = agentMs;
    AgentOutcome outcome = adapter->finish(exit.exitCode, QString::fromUtf8(exit.stderrTail), resultFile);
    drain();
    m_log.line(job.where,
        QStringLiteral("agent ended: %1; tokens %2%3")
            .arg(AgentProcess::describe(exit))
            .arg(outcome.usage.total())
            .arg(outcome.usage.costUsd ? QStringLiteral(", cost $%1").arg(*outcome.usage.costUsd, 0, 'f', 4)
                                       : QString()));
    if (!sawUsage) // the CLI reported none as it went: the attempt's total, once
        transcript.add(AgentEvent { AgentEvent::Kind::Usage,
            QStringLiteral("%1 input + %2 output tokens%3")
                .arg(outcome.usage.inputTokens)
                .arg(outcome.usage.outputTokens)
                .arg(
                    outcome.usage.costUsd ? QStringLiteral(", $%1").arg(*outcome.usage.costUsd, 0, 'f', 4) : QString()),
            {}, {}, {} });

    if (leaseLost) {
        m_log.line(job.where, QStringLiteral("lease lost (%1): agent stopped, nothing submitted").arg(lostBecause));
        return { PhaseJobResult::End::LeaseLost, lostBecause };
    }
    if (!transcript.flush()) {
        m_log.line(job.where, QStringLiteral("lease lost: nothing submitted"));
        return { PhaseJobResult::End::LeaseLost, QStringLiteral("lease gone") };
    }
    if (m_stop.load()) {
        giveBack(QStringLiteral("the runner is stopping"), false);
        return { PhaseJobResult::End::Stopped, QStringLiteral("stopped") };
    }
    if (outcome.rateLimited) {
        giveBack(outcome.rateLimitDetail.isEmpty() ? QStringLiteral("rate limited") : outcome.rateLimitDetail, true);
        return { PhaseJobResult::End::RateLimited, outcome.rateLimitDetail };
    }

    // --- the result ---------------------------------------------------------------------
    QElapsedTimer submitTime;
    submitTime.start();
    qint64 patchMs = 0;
    const bool clean = exit.reason == AgentExit::Reason::Exited && exit.exitCode == 0;
    QString failure;
    if (overBudget)
        failure = QStringLiteral("stopped at %1 tokens, over the %2 tokens left for the phase")
                      .arg(outcome.usage.total())
                      .arg(*context.tokenBudgetLeft);
    else if (!clean)
        failure = AgentProcess::describe(exit)
            + (outcome.error.isEmpty() ? QString() : QStringLiteral(": ") + outcome.error);
    const QString lastMessage = outcome.finalMessage.right(4000);
    QJsonObject body { { "run_id", job.runId }, { "phase_id", job.phaseId }, { "tokens_used", outcome.usage.total() } };
    if (outcome.usage.costUsd)
        body.insert("cost_usd", *outcome.usage.costUsd);
    const QByteArray key = QStringLiteral("runner-%1-%2-%3").arg(job.leaseId).arg(job.role).arg(attempt).toUtf8();
    std::expected<ApiReply, QString> reply = std::unexpected(QString());
    QString path;
    if (!auditor) {
        body.insert("builder_attempts", attempt);
        body.insert("duration_minutes", agentMs / 60000.0);
        body.insert("base_commit", commit);
        QString notes = outcome.notes.isEmpty() ? lastMessage : outcome.notes;
        if (failure.isEmpty()) {
            QElapsedTimer patchTime;
            patchTime.start();
            auto patch = (*workspace)->patch();
            patchMs = patchTime.elapsed();
            if (!patch)
                return failed(QStringLiteral("cannot compute the patch: %1").arg(patch.error()));
            if (patch->text.isEmpty()) {
                failure = QStringLiteral("the agent changed nothing");
            } else {
                body.insert("status", "success");
                body.insert("patch_content", QString::fromUtf8(patch->text));
                body.insert("files_changed", patch->filesChanged);
                body.insert("lines_added", patch->linesAdded);
                body.insert("lines_removed", patch->linesRemoved);
                m_log.line(job.where,
                    QStringLiteral("patch: %1 files, +%2 -%3: %4")
                        .arg(patch->filesChanged)
                        .arg(patch->linesAdded)
                        .arg(patch->linesRemoved)
                        .arg(patch->paths.join(QStringLiteral(", ")).left(200)));
            }
        }
        if (!failure.isEmpty()) {
            body.insert("status", "failed");
            notes = failure + (lastMessage.isEmpty() ? QString() : QStringLiteral("\nLast message: ") + lastMessage);
        }
        body.insert("notes", notes);
        path = QStringLiteral("/runs/%1/phases/%2/builder_result").arg(job.runId, job.phaseId);
    } else {
        body.insert("auditor_attempts", attempt);
        std::expected<AuditorVerdict, QString> verdict = std::unexpected(failure);
        if (failure.isEmpty()) {
            if (outcome.resultObject && outcome.resultObject->contains(QStringLiteral("recommendation")))
                verdict = AuditorVerdict::parse(
                    QString::fromUtf8(QJsonDocument(*outcome.resultObject).toJson(QJsonDocument::Compact)));
            else
                verdict = AuditorVerdict::parse(outcome.finalMessage);
        }
        if (verdict) {
            for (auto it = verdict->body.constBegin(); it != verdict->body.constEnd(); ++it)
                body.insert(it.key(), it.value());
            m_log.line(job.where,
                QStringLiteral("verdict: %1 (confidence %2), %3 issues")
                    .arg(verdict->body.value(QStringLiteral("recommendation")).toString())
                    .arg(verdict->body.value(QStringLiteral("confidence")).toDouble())
                    .arg(verdict->body.value(QStringLiteral("issues_found")).toArray().size()));
        } else {
            body.insert("status", "failed");
            body.insert("review_notes", QStringLiteral("no usable verdict: %1\n%2").arg(verdict.error(), lastMessage));
            m_log.line(job.where, QStringLiteral("no usable verdict: %1").arg(verdict.error()));
        }
        path = QStringLiteral("/runs/%1/phases/%2/auditor_result").arg(job.runId, job.phaseId);
    }
    reply = m_client.postJson(path, body, key);
    if (!reply) // the answer was lost: the same key asks again and gets the first answer
        reply = m_client.postJson(path, body, key);
    if (!reply) {
        m_log.line(job.where, QStringLiteral("could not submit: %1").arg(reply.error()));
        return { PhaseJobResult::End::Failed, reply.error() };
    }
    const QJsonObject answer = reply->json();
    qCDebug(lcRunner) << job.where << "ms: workspace" << prepareMs << "patch" << patchMs << "submit"
                      << submitTime.elapsed() - patchMs;
    m_log.line(job.where,
        QStringLiteral("submitted %1 (%2 ms to prepare and submit): %3%4%5")
            .arg(auditor ? QStringLiteral("auditor_result") : QStringLiteral("builder_result"))
            .arg(prepareMs + submitTime.elapsed())
            .arg(reply->describe())
            .arg(answer.contains(QStringLiteral("commit_sha"))
                    ? QStringLiteral(" candidate ") + shortSha(answer.value(QStringLiteral("commit_sha")).toString())
                    : QString())
            .arg(answer.contains(QStringLiteral("phase_state"))
                    ? QStringLiteral(" phase ") + answer.value(QStringLiteral("phase_state")).toString()
                    : QString()));
    return { PhaseJobResult::End::Submitted, reply->describe() };
}

} // namespace Autopack::Agent
