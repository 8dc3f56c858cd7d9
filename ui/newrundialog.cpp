#include "newrundialog.h"

#include "issuerecorder.h"
#include "plan.h"
#include "repository.h"
#include "runcreator.h"
#include "statestyle.h"
#include "ruleset.h"
#include "store.h"
#include "strategycompiler.h"
#include "uilog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Autopack::Ui {

NewRunDialog::NewRunDialog(Store &store, RunCreator *creator, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_creator(creator)
    , m_project(new QComboBox(this))
    , m_path(new QLineEdit(this))
    , m_preview(new QPlainTextEdit(this))
    , m_error(new QLabel(this))
    , m_create(nullptr)
{
    setObjectName(QStringLiteral("newRunDialog"));
    setWindowTitle(tr("New run"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_project->setObjectName(QStringLiteral("newRunProject"));
    if (const auto projects = store.projects()) {
        for (const Project &p : *projects)
            m_project->addItem(QStringLiteral("%1 (%2, %3)").arg(p.name, QDir::toNativeSeparators(p.repoPath),
                                   p.baseBranch),
                p.id);
    }
    form->addRow(tr("&Project:"), m_project);
    auto *fileRow = new QHBoxLayout;
    m_path->setObjectName(QStringLiteral("newRunPath"));
    m_path->setPlaceholderText(tr("Plan JSON file (the /runs/start payload)"));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    fileRow->addWidget(m_path, 1);
    fileRow->addWidget(browse);
    auto *fileLabel = new QLabel(tr("Plan &file:"), this);
    fileLabel->setBuddy(m_path); // a row that is a layout gets no buddy by itself
    form->addRow(fileLabel, fileRow);
    layout->addLayout(form);

    m_error->setObjectName(QStringLiteral("newRunError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_error);
    m_preview->setObjectName(QStringLiteral("newRunPreview"));
    m_preview->setReadOnly(true);
    m_preview->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(new QLabel(tr("Compiled strategy (read-only preview):"), this));
    layout->addWidget(m_preview, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_create = buttons->addButton(tr("&Create run"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(QStringLiteral("newRunCreate"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_create, &QPushButton::clicked, this, &NewRunDialog::create);
    connect(browse, &QPushButton::clicked, this, &NewRunDialog::browse);
    connect(m_path, &QLineEdit::editingFinished, this, [this] {
        if (!m_path->text().isEmpty())
            loadPlanFile(m_path->text());
    });
    connect(m_project, &QComboBox::currentIndexChanged, this, &NewRunDialog::check);
    resize(760, 560);
    check();
}

bool NewRunDialog::setProjectId(qint64 projectId)
{
    const int i = m_project->findData(projectId);
    if (i < 0)
        return false;
    m_project->setCurrentIndex(i);
    return true;
}

void NewRunDialog::browse()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open plan"), m_path->text(), tr("Plan JSON (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    m_path->setText(QDir::toNativeSeparators(path));
    loadPlanFile(path);
}

bool NewRunDialog::loadPlanFile(const QString &path)
{
    if (m_path->text() != QDir::toNativeSeparators(path))
        m_path->setText(QDir::toNativeSeparators(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_planText.clear();
        refuse(tr("Cannot read plan file %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    setPlanJson(file.readAll());
    return true;
}

void NewRunDialog::setPlanJson(const QByteArray &json)
{
    m_planText = json;
    check();
}

QString NewRunDialog::refusal() const
{
    return m_valid ? QString() : m_error->text();
}

QString NewRunDialog::previewText() const
{
    return m_preview->toPlainText();
}

void NewRunDialog::refuse(const QString &why)
{
    m_valid = false;
    m_plan = {};
    m_error->setText(why);
    m_error->setStyleSheet(QStringLiteral("color: %1;").arg(toneColor(Tone::Bad, palette()).name()));
    m_preview->setPlainText(tr("Nothing will be created: %1").arg(why));
    m_create->setEnabled(false);
    m_create->setToolTip(why);
}

// Everything createRun would refuse before writing, in its order, with the same paths.
void NewRunDialog::check()
{
    if (m_project->count() == 0)
        return refuse(tr("No project is registered: add one with Projects ▸ Add project… first."));
    if (m_planText.isEmpty())
        return refuse(tr("Choose a plan JSON file."));
    const qint64 projectId = m_project->currentData().toLongLong();
    const auto project = m_store.project(projectId);
    if (!project)
        return refuse(project.error().message);

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(m_planText, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return refuse(tr("$: not valid JSON at byte %1: %2").arg(parseError.offset).arg(parseError.errorString()));
    if (!doc.isObject())
        return refuse(tr("$: the plan must be a JSON object with run, tiers and phases"));
    const auto plan = Engine::Plan::fromJson(doc.object());
    if (!plan)
        return refuse(plan.error().toString());
    const QString runId = plan->run.runId;
    if (m_store.run(runId))
        return refuse(tr("$.run.run_id: Run %1 already exists").arg(runId));
    if (const auto ok = Git::validateRefComponent(QStringLiteral("run_id"), runId); !ok)
        return refuse(QStringLiteral("$.run.run_id: ") + ok.error().toString());
    const auto ruleset = Engine::Ruleset::fromProject(*project);
    if (!ruleset)
        return refuse(tr("Project %1's ruleset is invalid (%2); fix it with Projects ▸ Edit project…")
                          .arg(project->name, ruleset.error().toString()));
    const auto backlog = Engine::IssueRecorder(m_store).backlog(project->id);
    if (!backlog)
        return refuse(backlog.error().message);
    const auto strategy = Engine::StrategyCompiler(*ruleset).compile(*plan, *backlog);
    if (!strategy)
        return refuse(strategy.error().toString());
    for (const Engine::TierStrategy &t : strategy->tiers) {
        if (const auto ok = Git::validateRefComponent(QStringLiteral("tier_id"), t.tierId); !ok)
            return refuse(QStringLiteral("$.tiers: ") + ok.error().toString());
        for (const Engine::PhaseStrategy &p : t.phases)
            if (const auto ok = Git::validateRefComponent(QStringLiteral("phase_id"), p.phaseId); !ok)
                return refuse(QStringLiteral("$.phases: ") + ok.error().toString());
    }

    // A summary a reviewer can read at a glance, then the strategy exactly as it will be frozen.
    const QLocale locale;
    QString text;
    text += tr("Run %1 on project %2, base branch %3\n").arg(runId, project->name, project->baseBranch);
    text += tr("Safety profile %1, run scope %2, human gates %3\n")
                .arg(Engine::toString(strategy->safetyProfile), Engine::toString(strategy->runScope),
                    strategy->humanGates ? tr("on") : tr("off"));
    text += tr("Budget: %1 tokens, %2 phases max, %3 minutes, %4 minor issues\n")
                .arg(locale.toString(strategy->budget.tokenCap))
                .arg(strategy->budget.maxPhases)
                .arg(strategy->budget.maxDurationMinutes)
                .arg(strategy->budget.maxMinorIssuesTotal);
    for (const Engine::TierStrategy &t : strategy->tiers) {
        text += tr("\nTier %1 %2: token cap %3, CI runs %4, minor issues tolerated %5\n")
                    .arg(t.tierId, t.name, locale.toString(t.tokenCap))
                    .arg(t.ciRunCap)
                    .arg(t.maxMinorIssuesTolerated);
        for (const Engine::PhaseStrategy &p : t.phases)
            text += tr("  %1 %2 · %3 · %4 complexity · gate %5 · builder %6 / auditor %7 attempts%8\n")
                        .arg(p.phaseId, p.name,
                            p.taskCategory == p.category || p.taskCategory.isEmpty()
                                ? p.category
                                : QStringLiteral("%1 (%2)").arg(p.category, p.taskCategory),
                            Engine::toString(p.complexity), Engine::toString(p.gate))
                        .arg(p.maxBuilderAttempts)
                        .arg(p.maxAuditorAttempts)
                        .arg(p.debtCleanup ? tr(" · debt cleanup for %1").arg(p.cleanupIssueKeys.join(QStringLiteral(", ")))
                                           : QString());
    }
    for (const Engine::EscalatedIssue &e : strategy->escalatedIssues)
        text += tr("Backlog issue %1 escalated to major (seen in %2 runs, %3 tiers)\n")
                    .arg(e.issueKey)
                    .arg(e.ageInRuns)
                    .arg(e.ageInTiers);
    text += tr("\nStrategy JSON:\n") + QString::fromUtf8(strategy->toJsonBytes());

    m_valid = true;
    m_plan = doc.object();
    m_error->setText(tr("The plan compiles: %n phase(s) in %1 tier(s). Nothing is created until Create run.", nullptr,
        strategy->phaseCount())
                         .arg(strategy->tiers.size()));
    m_error->setStyleSheet({});
    m_preview->setPlainText(text);
    m_create->setEnabled(m_creator != nullptr);
    m_create->setToolTip(m_creator ? tr("Create run %1 through the supervisor").arg(runId)
                                   : tr("No supervisor is connected to create runs."));
}

void NewRunDialog::create()
{
    check(); // the store may have moved on since the preview (a run of that id, a new backlog)
    if (!m_valid || !m_creator)
        return;
    const auto created = m_creator->createRun(m_plan, m_project->currentData().toLongLong());
    if (!created) {
        qCWarning(lcUi).noquote() << "new run refused:" << created.error();
        refuse(tr("Refused by the supervisor: %1").arg(created.error()));
        return;
    }
    m_createdRunId = *created;
    qCInfo(lcUi).noquote() << "created run" << m_createdRunId;
    accept();
}

} // namespace Autopack::Ui
