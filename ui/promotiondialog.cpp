#include "promotiondialog.h"

#include "reviewdiff.h"
#include "reviewflowactions.h"
#include "store.h"
#include "uilog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace Autopack::Ui {

PromotionDialog::PromotionDialog(Store &store, ReviewFlowActions &actions, QString runId, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_actions(actions)
    , m_runId(std::move(runId))
    , m_header(new QLabel(this))
    , m_list(new QListWidget(this))
    , m_kind(new QLabel(this))
    , m_message(new QLabel(this))
{
    setWindowTitle(tr("Promote run %1").arg(m_runId));
    m_list->setObjectName(QStringLiteral("promotionConditions"));
    m_message->setObjectName(QStringLiteral("promotionMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_kind->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_promote = buttons->addButton(tr("&Promote"), QDialogButtonBox::AcceptRole);
    m_promote->setObjectName(QStringLiteral("promoteButton"));
    auto *refreshButton = buttons->addButton(tr("Re&fresh"), QDialogButtonBox::ResetRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_promote, &QPushButton::clicked, this, [this] { promote(); });
    connect(refreshButton, &QPushButton::clicked, this, &PromotionDialog::refresh);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_header);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_kind);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    refresh();
}

void PromotionDialog::setViewedFiles(int viewed, int total)
{
    m_viewed = viewed;
    m_total = total;
    refresh();
}

bool PromotionDialog::everythingHolds() const
{
    if (m_conditions.isEmpty())
        return false;
    for (const Condition &c : m_conditions) {
        if (!c.holds)
            return false;
    }
    return true;
}

QString PromotionDialog::readBaseTip(QString *error) const
{
    // A diff of the base with itself resolves the branch to its commit without libgit2 here.
    auto same = Git::ReviewDiff(m_repoPath).between(m_baseBranch, m_baseBranch);
    if (!same) {
        *error = same.error().message;
        return {};
    }
    return same->newRevision;
}

void PromotionDialog::refresh()
{
    m_conditions.clear();
    m_list->clear();
    m_mergeKind.clear();
    m_kind->clear();
    const auto fail = [this](const QString &text) {
        m_header->setText(text);
        m_promote->setEnabled(false);
    };
    auto run = m_store.run(m_runId);
    if (!run)
        return fail(run.error().message);
    auto project = m_store.project(run->projectId);
    if (!project)
        return fail(project.error().message);
    auto tiers = m_store.tiers(m_runId);
    if (!tiers)
        return fail(tiers.error().message);
    m_repoPath = project->repoPath;
    m_baseBranch = project->baseBranch;
    m_integrationBranch = run->integrationBranch;
    m_header->setText(tr("Run %1: %2 into %3 of %4").arg(m_runId, m_integrationBranch, m_baseBranch, m_repoPath));

    m_conditions.append({ QStringLiteral("run_state"), run->state == RunState::DoneSuccess,
        tr("run state is %1 (needs DONE_SUCCESS)").arg(toString(run->state)) });
    QStringList notClean;
    for (const Tier &t : *tiers) {
        if (t.cleanliness == Cleanliness::NotClean)
            notClean << t.tierId;
    }
    m_conditions.append({ QStringLiteral("tiers_clean"), notClean.isEmpty(),
        notClean.isEmpty() ? tr("every tier is clean")
                           : tr("not_clean tiers: %1").arg(notClean.join(QStringLiteral(", "))) });
    m_conditions.append({ QStringLiteral("budgets"), run->failureReason.isEmpty(),
        run->failureReason.isEmpty() ? tr("no budget failure") : tr("the run failed: %1").arg(run->failureReason) });
    const bool allViewed = m_total > 0 && m_viewed == m_total;
    m_conditions.append({ QStringLiteral("files_viewed"), allViewed,
        m_total < 0 ? tr("the run's branch has not been opened in the review tab")
                    : tr("%1 of %2 files viewed").arg(m_viewed).arg(m_total) });

    QString error;
    m_baseTip = readBaseTip(&error);
    auto branch = Git::ReviewDiff(m_repoPath).branch(m_integrationBranch, m_baseBranch);
    if (m_baseTip.isEmpty() || !branch) {
        m_conditions.append({ QStringLiteral("repository"), false,
            tr("cannot read %1 and %2: %3")
                .arg(m_baseBranch, m_integrationBranch, error.isEmpty() ? branch.error().message : error) });
    } else if (branch->files.isEmpty() && branch->newRevision == branch->mergeBase) {
        m_mergeKind = QStringLiteral("already_merged");
        m_kind->setText(tr("%1 already contains %2: nothing to promote").arg(m_baseBranch, m_integrationBranch));
    } else if (branch->mergeBase == m_baseTip) {
        m_mergeKind = QStringLiteral("fast_forward");
        m_kind->setText(tr("%1 will be fast-forwarded from %2 to %3")
                            .arg(m_baseBranch, m_baseTip.left(10), branch->newRevision.left(10)));
    } else {
        m_mergeKind = QStringLiteral("merge_commit");
        m_kind->setText(tr("%1 moved on since the run branched (%2 -> %3): a merge commit will be made; a "
                           "conflict refuses the promotion and lists its paths")
                            .arg(m_baseBranch, branch->mergeBase.left(10), m_baseTip.left(10)));
    }

    for (const Condition &c : m_conditions) {
        auto *item = new QListWidgetItem((c.holds ? tr("[ok] ") : tr("[no] ")) + c.detail, m_list);
        item->setData(Qt::UserRole, c.name);
        item->setData(Qt::UserRole + 1, c.holds);
        item->setForeground(c.holds ? palette().color(QPalette::Text) : QColor(190, 40, 40));
    }
    m_promote->setEnabled(everythingHolds() && m_newBase.isEmpty());
}

bool PromotionDialog::promote()
{
    if (!everythingHolds()) {
        m_message->setText(tr("Not promoted: a condition does not hold."));
        return false;
    }
    const QString seen = m_baseTip;
    refresh();
    if (m_baseTip != seen) {
        m_message->setText(tr("Not promoted: %1 moved from %2 to %3 since this dialog read it; check the "
                              "conditions again and promote what is shown now.")
                               .arg(m_baseBranch, seen.left(10), m_baseTip.left(10)));
        return false;
    }
    if (!everythingHolds())
        return false;
    auto r = m_actions.promote(m_runId);
    if (!r) {
        m_message->setText(tr("Not promoted: %1").arg(r.error()));
        m_promote->setEnabled(false);
        return false;
    }
    m_newBase = r->newBase;
    m_message->setText(
        tr("Promoted (%1): %2 is now at %3 (was %4).").arg(r->kind, r->baseBranch, r->newBase, r->oldBase));
    qCInfo(lcUi) << "promotion dialog:" << m_runId << r->kind << r->baseBranch << r->oldBase << "->" << r->newBase;
    m_promote->setEnabled(false);
    Q_EMIT promoted(m_runId, m_newBase);
    return true;
}

} // namespace Autopack::Ui
