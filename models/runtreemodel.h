#pragma once

// The run tree: project → run → tier → phase, built from a StoreSnapshot and then kept
// current by a StoreNotifier's signals, row by row.
//
// Update contract (what views and proxies can rely on):
// - setSnapshot() is the only model reset.
// - phaseChanged: one dataChanged over the phase's whole row; then, for each ancestor
//   (tier, run, project) whose progress or token sum moved, one dataChanged over its
//   [ProgressColumn, TokensColumn] cells. Nothing else.
// - runChanged / tierChanged / projectChanged: one dataChanged over that row (plus
//   the project's [ProgressColumn, TokensColumn] cells when a run's cap or cost moved).
// - runInserted: one beginInsertRows under the run's project, the run arriving with
//   its tiers and phases already attached.
// - A changed sort key (tier_index, phase_index, a phase's tier) is applied as a
//   remove and an insert of that subtree; the store never does this in practice.
//
// Parents that are not there yet:
// - a run whose project is unknown goes under a placeholder project row named
//   "Project #<id>" (ProjectIdRole still the id); a later projectChanged fills it in,
//   so no run is ever hidden.
// - a tier whose run is unknown, or a phase whose tier is unknown, is held back
//   (not shown, not counted) and attached the moment that parent arrives. A model
//   built by setSnapshot() from the same rows holds back the same rows, so an
//   incrementally updated model and a freshly built one always agree.
//
// Aggregates: progress of a tier/run/project is done/total of the phases below it,
// done meaning terminal (COMPLETE, FAILED, SKIPPED). Tokens used of a tier/run/project
// is the sum of its phases' tokens_used, so one phase change updates the whole path
// at once; caps are the tier's/run's own token_cap (a project sums its runs' caps).
// Cost is the row's own cost_usd, not a sum of phases: the store adds an agent's report
// to the phase, its tier and its run in one write and emits all three rows, and a sum
// of doubles kept by deltas would drift from the stored value. A project's cost is the
// sum of its runs' costs, added up when asked.
// Issue counts are the rows' own distinct-key counts (SPEC §5), never summed, because
// the same issue seen in two phases counts once for the run.
//
// Rows older than the one shown (an earlier updated_at) are ignored. With a store
// written from another thread, attach the notifier first, then setSnapshot(): signals
// queued before the snapshot was read arrive afterwards and must not roll rows back,
// and none emitted after it is lost.
//
// Lookups are by hash from database row id to node, so a change costs O(1) plus its
// signals, whatever the model's size.

#include "domain.h"
#include "storenotifier.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QPointer>

#include <memory>
#include <variant>
#include <vector>

namespace Autopack {

class RunTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        StateColumn,
        ProgressColumn, // "done/total" phases
        TokensColumn, // "used / cap"
        MinorIssuesColumn,
        MajorIssuesColumn,
        UpdatedColumn, // local time
        ColumnCount
    };
    Q_ENUM(Column)

    // What a row is. EntityKind has no project, hence this.
    enum class NodeKind { Project, Run, Tier, Phase };
    Q_ENUM(NodeKind)

    enum Role {
        // int(RunState), int(TierState) or int(PhaseState) depending on NodeKindRole;
        // invalid for a project.
        StateRole = Qt::UserRole + 1,
        StateNameRole, // wire name, e.g. "EXECUTING"
        NodeKindRole, // int(NodeKind)
        EntityKindRole, // int(EntityKind) for runs, tiers, phases; invalid for a project
        RowIdRole, // qint64 database row id of this row's entity
        ProjectIdRole, // qint64 project row id (every row)
        RunRowIdRole, // qint64 run row id (run, tier, phase rows)
        RunIdRole, // QString run_id (run, tier, phase rows)
        TierIdRole, // QString tier_id (tier, phase rows)
        PhaseIdRole, // QString phase_id (phase rows)
        ProgressRole, // double in [0, 1]: done/total; a phase is 1 when terminal; 0 if empty
        DoneCountRole, // int phases in a terminal state
        TotalCountRole, // int phases
        TokensUsedRole, // qint64
        TokenCapRole, // qint64, 0 when none
        CostUsdRole, // double dollars the agents reported (cost_usd); 0 when none did
        MinorIssuesRole, // int (invalid for a project)
        MajorIssuesRole, // int (invalid for a project)
        AwaitingReviewerRole, // bool, phases only: in GATE waiting for a human
        CleanlinessRole, // int(Cleanliness), tiers only
        UpdatedAtRole, // QDateTime UTC (invalid for a project)
    };
    Q_ENUM(Role)

    explicit RunTreeModel(QObject *parent = nullptr);
    ~RunTreeModel() override;

    // Replaces everything (the one model reset). Rows in any order; children are
    // sorted by id (projects, runs), tier_index (tiers), phase_index (phases).
    void setSnapshot(const StoreSnapshot &snapshot);

    // Follows the notifier's row signals from now on (one notifier at a time;
    // nullptr detaches). The notifier must outlive the connection or be destroyed
    // first (QObject disconnects then).
    void setNotifier(StoreNotifier *notifier);

    // Incremental updates; also what the notifier's signals call.
    void applyProject(const Autopack::Project &project);
    void applyRunInserted(
        const Autopack::Run &run, const QList<Autopack::Tier> &tiers, const QList<Autopack::Phase> &phases);
    void applyRun(const Autopack::Run &run);
    void applyTier(const Autopack::Tier &tier);
    void applyPhase(const Autopack::Phase &phase);

    // Index of an entity by database row id; invalid when unknown or held back.
    QModelIndex projectIndex(qint64 projectId, int column = 0) const;
    QModelIndex runIndex(qint64 runRowId, int column = 0) const;
    QModelIndex tierIndex(qint64 tierRowId, int column = 0) const;
    QModelIndex phaseIndex(qint64 phaseRowId, int column = 0) const;

    // Rows received whose parent has not arrived (see above).
    int heldBackCount() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    struct Node; // opaque: one row of the tree

private:
    using Payload = std::variant<Project, Run, Tier, Phase>;

    Node *nodeFor(const QModelIndex &index) const;
    QModelIndex indexFor(const Node *node, int column = 0) const;
    Node *ensureProject(qint64 projectId);
    std::unique_ptr<Node> makeProject(const Project &project, bool placeholder);
    std::unique_ptr<Node> makeRun(const Run &run); // adopts held tiers
    std::unique_ptr<Node> makeTier(const Tier &tier); // adopts held phases
    std::unique_ptr<Node> makePhase(Phase phase);
    void insertChild(Node *parent, std::unique_ptr<Node> child);
    std::unique_ptr<Node> takeChild(Node *child);
    void hold(std::unique_ptr<Node> node);
    void holdTier(const Tier &tier);
    void holdPhase(const Phase &phase);
    void dropHeldPhase(qint64 phaseRowId);
    void dropHeldTier(qint64 tierRowId);
    // `runCostMoved`: a run's cost changed below a project, whose cost is summed when
    // asked; the project's cells are announced though no counter moved.
    void addToAncestors(Node *from, int done, int total, qint64 tokens, qint64 runCap, bool runCostMoved = false);
    void emitRowChanged(Node *node);
    void unregisterSubtree(Node *node);

    std::unique_ptr<Node> m_root; // invisible; its children are the projects
    QHash<qint64, Node *> m_projectById;
    QHash<qint64, Node *> m_runById;
    QHash<qint64, Node *> m_tierById;
    QHash<qint64, Node *> m_phaseById;
    // Parent row id → children waiting for it.
    QHash<qint64, QList<Tier>> m_heldTiers;
    QHash<qint64, QList<Phase>> m_heldPhases;
    // Held row id → the parent row id it waits for, to replace or drop it by id.
    QHash<qint64, qint64> m_heldTierParent;
    QHash<qint64, qint64> m_heldPhaseParent;
    QPointer<StoreNotifier> m_notifier;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace Autopack
