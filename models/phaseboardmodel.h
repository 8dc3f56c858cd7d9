#pragma once

// The kanban board of phases: one board column per PhaseState, the phases in that
// state as its cards. Built from a StoreSnapshot, then kept current by a
// StoreNotifier's signals.
//
// Shape (a list of columns): the 7 top-level rows are the board columns, in
// PhaseState order (row c is state c: QUEUED, EXECUTING, GATE, CI_RUNNING, COMPLETE,
// FAILED, SKIPPED); their display text and headerData(c, Qt::Vertical) are the state
// name. The cards of column c are the children of index(c, 0), ordered by run row
// id, then tier_index, then phase_index (then phase row id). A kanban view shows
// column c with a list view whose root index is columnIndex(state). The model has one
// item column. This shape, unlike a table whose row r spans all states, lets a card
// change column as one row move without disturbing the other columns.
//
// Update contract:
// - setSnapshot() and setFilter() reset the model (a new filter is a new view).
// - A phase whose state or order key changed: one beginMoveRows/endMoveRows of its
//   card (to its new column and place), then one dataChanged for the card, whose
//   roles changed too.
// - Any other phase change (tokens, cost, issues, ...): one dataChanged for its card.
// - A phase entering or leaving the filter (its run moved project, say): one row
//   insertion or removal.
// - runInserted: one row insertion per card (cards of one run are spread over the
//   columns and rows, so there is no single range).
// A phase whose tier or run has not arrived yet is held back, not shown, until it
// does (its column order needs the tier_index, the project filter the run's
// project); a board built by setSnapshot() from the same rows holds back the same.
// A phase row older than the card (an earlier updated_at) is ignored, so signals queued
// before the snapshot was read cannot roll a card back (attach the notifier first,
// then setSnapshot(), as for RunTreeModel).
// Lookups are hashed by phase row id; a card's row is found by binary search.

#include "domain.h"
#include "storenotifier.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QPointer>

#include <array>
#include <memory>
#include <unordered_map>
#include <vector>

namespace Autopack {

class PhaseBoardModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Role {
        StateRole = Qt::UserRole + 1, // int(PhaseState); on a column item, its state
        StateNameRole, // wire name, e.g. "GATE"
        IsColumnRole, // bool: true on the 7 column items, false on cards
        RowIdRole, // qint64 phase row id (cards)
        ProjectIdRole, // qint64
        RunRowIdRole, // qint64
        RunIdRole, // QString run_id
        TierIdRole, // QString tier_id
        PhaseIdRole, // QString phase_id
        TierIndexRole, // int
        PhaseIndexRole, // int
        TaskCategoryRole, // QString
        BuilderAttemptsRole, // int
        MaxBuilderAttemptsRole, // int
        TokensUsedRole, // qint64
        TokenCapRole, // qint64 incident token cap
        CostUsdRole, // double dollars the agents reported (cost_usd); 0 when none did
        MinorIssuesRole, // int
        MajorIssuesRole, // int
        AwaitingReviewerRole, // bool: in GATE waiting for a human decision
        UpdatedAtRole, // QDateTime UTC
        ComplexityRole, // QString: low | medium | high (the phase's, as compiled)
    };
    Q_ENUM(Role)

    // Which phases are shown. Both conditions must hold; an unset one shows all.
    struct Filter {
        qint64 projectId = 0; // project row id; 0: any project
        QString runId; // run_id; empty: any run
        bool operator==(const Filter &) const = default;
    };

    explicit PhaseBoardModel(QObject *parent = nullptr);
    ~PhaseBoardModel() override;

    void setSnapshot(const StoreSnapshot &snapshot);
    void setNotifier(StoreNotifier *notifier);
    void setFilter(const Filter &filter);
    Filter filter() const { return m_filter; }

    void applyRunInserted(
        const Autopack::Run &run, const QList<Autopack::Tier> &tiers, const QList<Autopack::Phase> &phases);
    void applyRun(const Autopack::Run &run);
    void applyTier(const Autopack::Tier &tier);
    void applyPhase(const Autopack::Phase &phase);

    QModelIndex columnIndex(PhaseState state) const;
    static PhaseState stateOfColumn(int row) { return PhaseState(row); }
    // The card of a phase; invalid when unknown, held back or filtered out.
    QModelIndex cardIndex(qint64 phaseRowId) const;
    int heldBackCount() const { return int(m_held.size()); }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    struct Card; // opaque: one phase on the board

private:
    using Column = std::vector<Card *>;

    bool matches(const Card &card) const;
    int rowOf(const Card *card) const;
    void place(Card *card, Phase phase, int tierIndex, qint64 projectId);
    void addCard(Phase phase);
    void releaseHeld();
    void rebuildColumns();

    std::array<Column, PhaseStateCount> m_columns; // visible cards, sorted
    std::unordered_map<qint64, std::unique_ptr<Card>> m_cardById; // every placed card, visible or not
    QHash<qint64, Phase> m_held; // phases waiting for their tier or run
    QHash<qint64, qint64> m_runProject; // run row id → project id
    QHash<qint64, int> m_tierIndex; // tier row id → tier_index
    Filter m_filter;
    QPointer<StoreNotifier> m_notifier;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace Autopack
