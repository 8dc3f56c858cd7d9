#include "detailspanel.h"

#include "store.h"
#include "transcriptview.h"
#include "usagetext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QScrollBar>

namespace Autopack::Ui {

namespace {

QString esc(const QString &text) { return text.toHtmlEscaped(); }

QString num(qint64 n) { return QLocale().toString(n); }

QString row(const QString &key, const QString &valueHtml)
{
    return QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td>%2</td></tr>").arg(esc(key), valueHtml);
}

QString usage(qint64 used, qint64 cap)
{
    if (cap <= 0)
        return esc(num(used));
    const int percent = int(100.0 * double(used) / double(cap));
    return esc(QStringLiteral("%1 / %2 (%3 %)").arg(num(used), num(cap)).arg(percent));
}

// Tokens against their cap, with what the agents said they cost.
QString tokenUsage(qint64 used, qint64 cap, double costUsd)
{
    return costUsd > 0 ? usage(used, cap) + esc(QStringLiteral(" · ") + UsageText::cost(costUsd)) : usage(used, cap);
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? esc(QLocale().toString(time.toLocalTime(), QLocale::ShortFormat)) : QStringLiteral("—");
}

QString section(const QString &title) { return QStringLiteral("<h3>%1</h3>").arg(esc(title)); }

} // namespace

DetailsPanel::DetailsPanel(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("detailsPanel"));
    setOpenLinks(false);
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(50);
    connect(&m_refresh, &QTimer::timeout, this, &DetailsPanel::render);
    showNothing();
}

void DetailsPanel::setStore(const Store *store)
{
    if (m_store)
        disconnect(m_store->notifier(), nullptr, this, nullptr);
    m_store = store;
    if (m_transcript)
        m_transcript->setStore(store);
    if (!m_store)
        return;
    StoreNotifier *n = m_store->notifier();
    connect(n, &StoreNotifier::runChanged, this, [this](const Run &r) { scheduleRefresh(r.runId); });
    connect(n, &StoreNotifier::tierChanged, this, [this](const Tier &t) { scheduleRefresh(t.runId); });
    connect(n, &StoreNotifier::phaseChanged, this, [this](const Phase &p) { scheduleRefresh(p.runId); });
    connect(n, &StoreNotifier::eventAppended, this, [this](const Event &e) { scheduleRefresh(e.runId); });
    connect(n, &StoreNotifier::issueRecorded, this, [this](const Issue &i) { scheduleRefresh(i.runId); });
    connect(n, &StoreNotifier::reviewAdded, this, [this](const Review &r) { scheduleRefresh(r.runId); });
    connect(n, &StoreNotifier::ciAttemptChanged, this, [this](const CiAttempt &a) { scheduleRefresh(a.runId); });
    connect(n, &StoreNotifier::projectChanged, this, [this](const Project &p) {
        if (m_kind == Kind::Project && p.id == m_projectId)
            m_refresh.start();
    });
}

void DetailsPanel::setTranscriptView(TranscriptView *view)
{
    m_transcript = view;
    if (view)
        view->setStore(m_store);
    showTranscript();
}

void DetailsPanel::showTranscript()
{
    if (!m_transcript)
        return;
    if (m_kind == Kind::Phase && m_store) {
        m_transcript->follow(m_runId, m_entityId);
        m_transcript->show();
    } else {
        m_transcript->clear();
        m_transcript->hide();
    }
}

void DetailsPanel::scheduleRefresh(const QString &runId)
{
    if (m_kind != Kind::Nothing && m_kind != Kind::Project && runId == m_runId)
        m_refresh.start();
}

void DetailsPanel::showNothing()
{
    m_kind = Kind::Nothing;
    m_runId.clear();
    m_entityId.clear();
    render();
    showTranscript();
}

void DetailsPanel::showProject(qint64 projectId)
{
    m_kind = Kind::Project;
    m_projectId = projectId;
    m_runId.clear();
    m_entityId.clear();
    render();
    showTranscript();
    verticalScrollBar()->setValue(0);
}

void DetailsPanel::showRun(const QString &runId)
{
    m_kind = Kind::Run;
    m_runId = runId;
    m_entityId = runId;
    render();
    showTranscript();
    verticalScrollBar()->setValue(0);
}

void DetailsPanel::showTier(const QString &runId, const QString &tierId)
{
    m_kind = Kind::Tier;
    m_runId = runId;
    m_entityId = tierId;
    render();
    showTranscript();
    verticalScrollBar()->setValue(0);
}

void DetailsPanel::showPhase(const QString &runId, const QString &phaseId)
{
    m_kind = Kind::Phase;
    m_runId = runId;
    m_entityId = phaseId;
    render();
    showTranscript();
    verticalScrollBar()->setValue(0);
}

void DetailsPanel::render()
{
    m_refresh.stop();
    QString html;
    if (!m_store || m_kind == Kind::Nothing) {
        html = QStringLiteral("<p style='color:gray'>%1</p>")
                   .arg(esc(tr("Select a project, run, tier or phase to see its details.")));
    } else {
        switch (m_kind) {
        case Kind::Project:
            html = projectHtml();
            break;
        case Kind::Run:
            html = runHtml();
            break;
        case Kind::Tier:
            html = tierHtml();
            break;
        case Kind::Phase:
            html = phaseHtml();
            break;
        case Kind::Nothing:
            break;
        }
    }
    // A live re-render must not throw the reader back to the top.
    const int scroll = verticalScrollBar()->value();
    setHtml(html);
    verticalScrollBar()->setValue(scroll);
}

QString DetailsPanel::projectHtml() const
{
    const auto project = m_store->project(m_projectId);
    if (!project)
        return QStringLiteral("<p>%1</p>").arg(esc(project.error().message));
    QString html = QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("Project %1").arg(project->name)));
    html += row(tr("Repository"), esc(project->repoPath));
    html += row(tr("Base branch"), esc(project->baseBranch));
    html += row(tr("Protected paths"),
        project->protectedGlobs.isEmpty() ? esc(tr("none")) : esc(project->protectedGlobs.join(QStringLiteral(", "))));
    html += row(tr("Created"), timeText(project->createdAt));
    html += QStringLiteral("</table>");
    html += section(tr("Ruleset")) + QStringLiteral("<pre>%1</pre>").arg(esc(project->rulesetJson));
    html += section(tr("CI commands")) + QStringLiteral("<pre>%1</pre>").arg(esc(project->ciCommandsJson));
    return html;
}

QString DetailsPanel::runHtml() const
{
    const auto run = m_store->run(m_runId);
    if (!run)
        return QStringLiteral("<p>%1</p>").arg(esc(run.error().message));
    const auto tiers = m_store->tiers(m_runId);
    const auto phases = m_store->phases(m_runId);
    QString html = QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("Run %1").arg(run->runId)));
    html += row(tr("State"), esc(toString(run->state)));
    html += row(tr("Safety profile"), esc(run->safetyProfile));
    html += row(tr("Scope"), esc(run->runScope));
    html += row(tr("Integration branch"), esc(run->integrationBranch));
    html += row(tr("Created"), timeText(run->createdAt));
    html += row(tr("Started"), timeText(run->startedAt));
    html += row(tr("Completed"), timeText(run->completedAt));
    if (!run->failureReason.isEmpty())
        html += row(tr("Failure reason"), QStringLiteral("<b>%1</b>").arg(esc(run->failureReason)));
    html += QStringLiteral("</table>");

    html += section(tr("Budgets")) + QStringLiteral("<table>");
    html += row(tr("Tokens"), tokenUsage(run->tokensUsed, run->tokenCap, run->costUsd));
    html += row(tr("Phases"), usage(phases ? phases->size() : 0, run->maxPhases));
    if (run->startedAt.isValid()) {
        const QDateTime end = run->completedAt.isValid() ? run->completedAt : QDateTime::currentDateTimeUtc();
        html += row(tr("Minutes"), usage(run->startedAt.secsTo(end) / 60, run->maxDurationMinutes));
    } else {
        html += row(tr("Minutes"), esc(tr("not started (cap %1)").arg(run->maxDurationMinutes)));
    }
    html += row(tr("Minor issues"), usage(run->minorIssues, run->maxMinorIssuesTotal));
    html += row(tr("Major issues"), esc(num(run->majorIssues)));
    html += row(tr("CI runs"), esc(num(run->ciRunsUsed)));
    html += QStringLiteral("</table>");

    html += section(tr("Tiers")) + QStringLiteral("<table>");
    QStringList notClean;
    if (tiers) {
        for (const Tier &tier : *tiers) {
            if (tier.cleanliness == Cleanliness::NotClean)
                notClean << tier.tierId;
            html += row(tier.tierId + QLatin1Char(' ') + tier.name,
                esc(tr("%1, %2 · %3 · CI %4/%5 · issues %6 minor / %7 major")
                        .arg(toString(tier.state), toString(tier.cleanliness),
                            UsageText::tokens(tier.tokensUsed, tier.costUsd))
                        .arg(tier.ciRunsUsed)
                        .arg(tier.ciRunCap)
                        .arg(tier.minorIssues)
                        .arg(tier.majorIssues)));
        }
    }
    html += QStringLiteral("</table>");

    // SPEC §3: promotion needs DONE_SUCCESS, no not_clean tier, no budget failure.
    html += section(tr("Promotion"));
    QStringList whyNot;
    if (run->state != RunState::DoneSuccess)
        whyNot << tr("the run is %1, not DONE_SUCCESS").arg(toString(run->state));
    if (!notClean.isEmpty())
        whyNot << tr("tiers not clean: %1").arg(notClean.join(QStringLiteral(", ")));
    if (run->state == RunState::DoneFailedBudgetExhausted)
        whyNot << tr("a budget was exhausted");
    if (run->promotionEligible && whyNot.isEmpty())
        html += QStringLiteral("<p><b>%1</b></p>").arg(esc(tr("Eligible for promotion to the base branch.")));
    else if (whyNot.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(esc(tr("Not marked eligible by the supervisor yet.")));
    else
        html += QStringLiteral("<p><b>%1</b></p>")
                    .arg(esc(tr("Not eligible: %1.").arg(whyNot.join(QStringLiteral("; ")))));

    if (!run->strategyJson.isEmpty())
        html += section(tr("Strategy")) + QStringLiteral("<pre>%1</pre>").arg(esc(run->strategyJson));
    html += eventsHtml({});
    return html;
}

QString DetailsPanel::tierHtml() const
{
    const auto tier = m_store->tier(m_runId, m_entityId);
    if (!tier)
        return QStringLiteral("<p>%1</p>").arg(esc(tier.error().message));
    QString html = QStringLiteral("<h2>%1</h2><table>").arg(esc(tr("Tier %1 — %2").arg(tier->tierId, tier->name)));
    html += row(tr("Run"), esc(tier->runId));
    html += row(tr("State"), esc(toString(tier->state)));
    html += row(tr("Cleanliness"), esc(toString(tier->cleanliness)));
    html += row(tr("Tokens"), tokenUsage(tier->tokensUsed, tier->tokenCap, tier->costUsd));
    html += row(tr("CI runs"), usage(tier->ciRunsUsed, tier->ciRunCap));
    html += row(tr("Minor issues"), usage(tier->minorIssues, tier->maxMinorIssuesTolerated));
    html += row(
        tr("Major issues"), esc(tr("%1 (tolerated %2)").arg(tier->majorIssues).arg(tier->maxMajorIssuesTolerated)));
    html += QStringLiteral("</table>");
    if (!tier->description.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(esc(tier->description));
    html += eventsHtml(tier->tierId);
    return html;
}

QString DetailsPanel::phaseHtml() const
{
    const auto phase = m_store->phase(m_runId, m_entityId);
    if (!phase)
        return QStringLiteral("<p>%1</p>").arg(esc(phase.error().message));
    QString html = QStringLiteral("<h2>%1</h2>").arg(esc(tr("Phase %1 — %2").arg(phase->phaseId, phase->name)));
    if (phase->awaitingReviewer)
        html += QStringLiteral("<p><b>%1</b></p>")
                    .arg(esc(tr("NEEDS APPROVAL: waiting for a reviewer to approve or reject.")));
    html += QStringLiteral("<table>");
    html += row(tr("Run / tier"), esc(QStringLiteral("%1 / %2").arg(phase->runId, phase->tierId)));
    html += row(tr("State"), esc(toString(phase->state)));
    html += row(tr("Category"), esc(phase->taskCategory));
    html += row(tr("Complexity"), esc(phase->complexity));
    html += row(tr("Builder mode"), esc(phase->builderMode));
    html += row(tr("Builder attempts"), esc(tr("%1 of %2").arg(phase->builderAttempts).arg(phase->maxBuilderAttempts)));
    html += row(tr("Auditor attempts"), esc(tr("%1 of %2").arg(phase->auditorAttempts).arg(phase->maxAuditorAttempts)));
    html += row(tr("Tokens"), tokenUsage(phase->tokensUsed, phase->incidentTokenCap, phase->costUsd));
    html += row(tr("Issues"),
        esc(tr("%1 minor, %2 major (%3)").arg(phase->minorIssues).arg(phase->majorIssues).arg(phase->issueState)));
    html += row(tr("Base commit"), QStringLiteral("<tt>%1</tt>").arg(esc(phase->baseCommit)));
    html += row(tr("Candidate commit"), QStringLiteral("<tt>%1</tt>").arg(esc(phase->candidateCommit)));
    html += QStringLiteral("</table>");
    html += section(tr("Specification"))
        + QStringLiteral("<p>%1</p>")
              .arg(phase->description.isEmpty() ? esc(tr("No description.")) : esc(phase->description));

    // The phase's entry of the run's frozen strategy, when one was stored.
    if (const auto run = m_store->run(m_runId); run && !run->strategyJson.isEmpty()) {
        const QJsonObject strategy = QJsonDocument::fromJson(run->strategyJson.toUtf8()).object();
        for (const QJsonValue &value : strategy.value(QStringLiteral("phases")).toArray()) {
            if (value.toObject().value(QStringLiteral("phase_id")).toString() == phase->phaseId) {
                html += section(tr("Strategy slice"))
                    + QStringLiteral("<pre>%1</pre>")
                          .arg(esc(QString::fromUtf8(QJsonDocument(value.toObject()).toJson())));
                break;
            }
        }
    }

    if (const auto attempts = m_store->ciAttempts(m_runId, m_entityId); attempts && !attempts->isEmpty()) {
        html += section(tr("CI"));
        for (const CiAttempt &a : *attempts) {
            html += QStringLiteral("<p><b>%1</b></p>")
                        .arg(esc(tr("Attempt %1 (%2): %3, exit %4, %5 ms — %6")
                                     .arg(a.attempt)
                                     .arg(a.profile, a.status, a.exitCode ? QString::number(*a.exitCode) : tr("none"))
                                     .arg(a.durationMs)
                                     .arg(a.command)));
            html += QStringLiteral("<pre style='font-family:monospace'>%1%2</pre>")
                        .arg(esc(a.output), a.truncated ? esc(tr("\n[output truncated by the verifier]")) : QString());
        }
    }

    if (const auto issues = m_store->phaseIssues(m_runId, m_entityId); issues && !issues->isEmpty()) {
        html += section(tr("Issues")) + QStringLiteral("<table>");
        for (const Issue &i : *issues)
            html += row(i.issueKey,
                esc(tr("%1 (effective %2), %3, from %4, seen %5× — %6")
                        .arg(toString(i.severity), toString(i.effectiveSeverity), i.category, i.source)
                        .arg(i.occurrenceCount)
                        .arg(i.description)));
        html += QStringLiteral("</table>");
    }

    if (const auto reviews = m_store->reviews(m_runId, m_entityId); reviews && !reviews->isEmpty()) {
        html += section(tr("Reviews")) + QStringLiteral("<table>");
        for (const Review &r : *reviews)
            html += row(r.reviewer,
                esc(tr("%1 %2%3").arg(r.decision, r.reason.isEmpty() ? QString() : QStringLiteral("— ") + r.reason,
                    QStringLiteral(" (%1)").arg(QLocale().toString(r.time.toLocalTime(), QLocale::ShortFormat)))));
        html += QStringLiteral("</table>");
    }
    html += eventsHtml(phase->phaseId);
    return html;
}

// The run's events concerning `entityId` (all of the run's when empty), newest first.
QString DetailsPanel::eventsHtml(const QString &entityId) const
{
    const auto events = m_store->runEvents(m_runId, 0, 100000);
    if (!events)
        return QStringLiteral("<p>%1</p>").arg(esc(events.error().message));
    QString html = section(tr("Timeline")) + QStringLiteral("<table>");
    int shown = 0;
    for (auto it = events->crbegin(); it != events->crend() && shown < 200; ++it) {
        if (!entityId.isEmpty() && it->entityId != entityId)
            continue;
        ++shown;
        const QString change = it->fromState.isEmpty() && it->toState.isEmpty()
            ? QString()
            : QStringLiteral("%1 → %2 ").arg(it->fromState, it->toState);
        html += QStringLiteral("<tr><td style='padding-right:8px'><tt>%1</tt></td><td>%2</td></tr>")
                    .arg(timeText(it->time),
                        esc(QStringLiteral("%1 %2%3 (%4%5)")
                                .arg(it->entityId, change, it->reason, toString(it->actor),
                                    it->actorName.isEmpty() ? QString() : QStringLiteral(" ") + it->actorName)));
    }
    if (shown == 0)
        html += QStringLiteral("<tr><td>%1</td></tr>").arg(esc(tr("No events yet.")));
    html += QStringLiteral("</table>");
    return html;
}

} // namespace Autopack::Ui
