#include "phaseboardmodel.h"

#include "itemmodelslog.h"

#include <algorithm>
#include <tuple>

namespace Autopack {

namespace {

using CardKey = std::tuple<qint64, int, int, qint64>; // run row id, tier index, phase index, phase row id

} // namespace

struct PhaseBoardModel::Card {
    Phase phase;
    int tierIndex = 0;
    qint64 projectId = 0;
    bool visible = false; // in m_columns

    CardKey key() const { return { phase.runRowId, tierIndex, phase.phaseIndex, phase.id }; }
    int column() const { return int(phase.state); }
};

namespace {

struct KeyLess {
    bool operator()(const PhaseBoardModel::Card *card, const CardKey &key) const { return card->key() < key; }
    bool operator()(const PhaseBoardModel::Card *a, const PhaseBoardModel::Card *b) const
    {
        return a->key() < b->key();
    }
};

// The state picks the column array: a value outside the enum (a corrupt row cast in)
// must be refused, not used as an index.
bool hasColumn(const Phase &phase)
{
    const int state = int(phase.state);
    if (state >= 0 && state < PhaseStateCount)
        return true;
    qCWarning(lcItemModels) << "phase" << phase.runId << phase.phaseId << "(row" << phase.id
                            << ") has no board column: state value" << state << "is not a PhaseState";
    return false;
}

} // namespace

PhaseBoardModel::PhaseBoardModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

PhaseBoardModel::~PhaseBoardModel() = default;

void PhaseBoardModel::setSnapshot(const StoreSnapshot &snapshot)
{
    beginResetModel();
    for (auto &column : m_columns)
        column.clear();
    m_cardById.clear();
    m_held.clear();
    m_runProject.clear();
    m_tierIndex.clear();

    m_runProject.reserve(snapshot.runs.size());
    for (const Run &run : snapshot.runs)
        m_runProject.insert(run.id, run.projectId);
    m_tierIndex.reserve(snapshot.tiers.size());
    for (const Tier &tier : snapshot.tiers)
        m_tierIndex.insert(tier.id, tier.tierIndex);
    m_cardById.reserve(std::size_t(snapshot.phases.size()));
    for (const Phase &phase : snapshot.phases) {
        if (!hasColumn(phase))
            continue;
        const auto tier = m_tierIndex.constFind(phase.tierRowId);
        const auto run = m_runProject.constFind(phase.runRowId);
        if (tier == m_tierIndex.cend() || run == m_runProject.cend()) {
            m_held.insert(phase.id, phase);
            continue;
        }
        auto card = std::make_unique<Card>(Card { phase, tier.value(), run.value(), false });
        m_cardById[phase.id] = std::move(card);
    }
    if (!m_held.isEmpty())
        qCInfo(lcItemModels) << m_held.size() << "phases wait for a tier or run not in the snapshot";
    rebuildColumns();
    endResetModel();
}

void PhaseBoardModel::setNotifier(StoreNotifier *notifier)
{
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_notifier = notifier;
    if (!notifier)
        return;
    m_connections = {
        connect(notifier, &StoreNotifier::runInserted, this, &PhaseBoardModel::applyRunInserted),
        connect(notifier, &StoreNotifier::runChanged, this, &PhaseBoardModel::applyRun),
        connect(notifier, &StoreNotifier::tierChanged, this, &PhaseBoardModel::applyTier),
        connect(notifier, &StoreNotifier::phaseChanged, this, &PhaseBoardModel::applyPhase),
    };
}

void PhaseBoardModel::setFilter(const Filter &filter)
{
    if (filter == m_filter)
        return;
    beginResetModel();
    m_filter = filter;
    rebuildColumns();
    endResetModel();
}

void PhaseBoardModel::rebuildColumns()
{
    for (auto &column : m_columns)
        column.clear();
    for (auto &[id, card] : m_cardById) {
        card->visible = matches(*card);
        if (card->visible)
            m_columns[std::size_t(card->column())].push_back(card.get());
    }
    for (auto &column : m_columns)
        std::sort(column.begin(), column.end(), KeyLess {});
}

bool PhaseBoardModel::matches(const Card &card) const
{
    return (m_filter.projectId == 0 || card.projectId == m_filter.projectId)
        && (m_filter.runId.isEmpty() || card.phase.runId == m_filter.runId);
}

int PhaseBoardModel::rowOf(const Card *card) const
{
    const Column &column = m_columns[std::size_t(card->column())];
    const auto it = std::lower_bound(column.begin(), column.end(), card->key(), KeyLess {});
    Q_ASSERT(it != column.end() && *it == card);
    return int(it - column.begin());
}

// --- incremental updates ---------------------------------------------------------

void PhaseBoardModel::applyRunInserted(const Run &run, const QList<Tier> &tiers, const QList<Phase> &phases)
{
    applyRun(run);
    for (const Tier &tier : tiers)
        applyTier(tier);
    for (const Phase &phase : phases)
        applyPhase(phase);
}

void PhaseBoardModel::applyRun(const Run &run)
{
    const auto it = m_runProject.find(run.id);
    if (it == m_runProject.end()) {
        m_runProject.insert(run.id, run.projectId);
        releaseHeld();
        return;
    }
    if (it.value() == run.projectId)
        return;
    // A run moved to another project (the store does not do this; handled anyway).
    it.value() = run.projectId;
    for (auto &[id, card] : m_cardById) {
        if (card->phase.runRowId == run.id)
            place(card.get(), card->phase, card->tierIndex, run.projectId);
    }
}

void PhaseBoardModel::applyTier(const Tier &tier)
{
    const auto it = m_tierIndex.find(tier.id);
    if (it == m_tierIndex.end()) {
        m_tierIndex.insert(tier.id, tier.tierIndex);
        releaseHeld();
        return;
    }
    if (it.value() == tier.tierIndex)
        return;
    it.value() = tier.tierIndex;
    for (auto &[id, card] : m_cardById) {
        if (card->phase.tierRowId == tier.id)
            place(card.get(), card->phase, tier.tierIndex, card->projectId);
    }
}

void PhaseBoardModel::applyPhase(const Phase &phase)
{
    if (!hasColumn(phase))
        return;
    const auto found = m_cardById.find(phase.id);
    if (found == m_cardById.end()) {
        m_held.remove(phase.id);
        addCard(phase);
        return;
    }
    Card *card = found->second.get();
    // Older than the card: queued before the snapshot was read; it would roll it back.
    if (phase.updatedAt.isValid() && card->phase.updatedAt.isValid() && phase.updatedAt < card->phase.updatedAt)
        return;
    const auto tier = m_tierIndex.constFind(phase.tierRowId);
    const auto run = m_runProject.constFind(phase.runRowId);
    if (tier != m_tierIndex.cend() && run != m_runProject.cend()) {
        place(card, phase, tier.value(), run.value());
        return;
    }
    // Re-parented to a tier or run not known yet: off the board until it arrives.
    if (card->visible) {
        const int row = rowOf(card);
        beginRemoveRows(columnIndex(PhaseState(card->column())), row, row);
        Column &column = m_columns[std::size_t(card->column())];
        column.erase(column.begin() + row);
        endRemoveRows();
    }
    m_cardById.erase(found);
    m_held.insert(phase.id, phase);
}

void PhaseBoardModel::addCard(Phase phase)
{
    const auto tier = m_tierIndex.constFind(phase.tierRowId);
    const auto run = m_runProject.constFind(phase.runRowId);
    if (tier == m_tierIndex.cend() || run == m_runProject.cend()) {
        m_held.insert(phase.id, std::move(phase));
        return;
    }
    auto owned = std::make_unique<Card>();
    Card *card = owned.get();
    card->phase.id = phase.id;
    m_cardById[phase.id] = std::move(owned);
    place(card, std::move(phase), tier.value(), run.value());
}

void PhaseBoardModel::releaseHeld()
{
    if (m_held.isEmpty())
        return;
    QList<Phase> ready;
    for (auto it = m_held.begin(); it != m_held.end();) {
        if (m_tierIndex.contains(it->tierRowId) && m_runProject.contains(it->runRowId)) {
            ready.append(std::move(it.value()));
            it = m_held.erase(it);
        } else {
            ++it;
        }
    }
    for (Phase &phase : ready)
        addCard(std::move(phase));
}

// Puts a placed card's new contents on the board: in place, moved, inserted or
// removed, with exactly the signals that describe it.
void PhaseBoardModel::place(Card *card, Phase phase, int tierIndex, qint64 projectId)
{
    const bool wasVisible = card->visible;
    const int oldColumn = card->column();
    const CardKey oldKey = card->key();
    const auto assign = [&] {
        card->phase = std::move(phase);
        card->tierIndex = tierIndex;
        card->projectId = projectId;
    };
    const int newColumn = int(phase.state);
    const CardKey newKey { phase.runRowId, tierIndex, phase.phaseIndex, phase.id };
    const bool nowVisible = (m_filter.projectId == 0 || projectId == m_filter.projectId)
        && (m_filter.runId.isEmpty() || phase.runId == m_filter.runId);

    if (!wasVisible && !nowVisible) {
        assign();
        return;
    }
    if (wasVisible && !nowVisible) {
        const int row = rowOf(card);
        beginRemoveRows(columnIndex(PhaseState(oldColumn)), row, row);
        Column &column = m_columns[std::size_t(oldColumn)];
        column.erase(column.begin() + row);
        card->visible = false;
        assign();
        endRemoveRows();
        return;
    }
    if (!wasVisible) {
        Column &column = m_columns[std::size_t(newColumn)];
        const auto at = std::lower_bound(column.begin(), column.end(), newKey, KeyLess {});
        const int row = int(at - column.begin());
        beginInsertRows(columnIndex(PhaseState(newColumn)), row, row);
        assign();
        card->visible = true;
        column.insert(at, card);
        endInsertRows();
        return;
    }

    const int row = rowOf(card);
    const QModelIndex source = columnIndex(PhaseState(oldColumn));
    if (oldColumn == newColumn && oldKey == newKey) {
        assign();
        const QModelIndex changed = index(row, 0, source);
        Q_EMIT dataChanged(changed, changed);
        return;
    }
    Column &from = m_columns[std::size_t(oldColumn)];
    Column &to = m_columns[std::size_t(newColumn)];
    // Where the card lands in its column once it has left its old place.
    int landing = int(std::lower_bound(to.begin(), to.end(), newKey, KeyLess {}) - to.begin());
    if (oldColumn == newColumn && oldKey < newKey)
        --landing;
    const QModelIndex destination = columnIndex(PhaseState(newColumn));
    if (oldColumn == newColumn && landing == row) {
        assign(); // the key moved but the order did not
    } else {
        // Qt counts a same-parent destination in rows before the move.
        const int destinationChild = (oldColumn == newColumn && landing > row) ? landing + 1 : landing;
        beginMoveRows(source, row, row, destination, destinationChild);
        from.erase(from.begin() + row);
        to.insert(to.begin() + landing, card);
        assign();
        endMoveRows();
    }
    const QModelIndex changed = index(landing, 0, destination);
    Q_EMIT dataChanged(changed, changed);
}

// --- QAbstractItemModel ----------------------------------------------------------

QModelIndex PhaseBoardModel::columnIndex(PhaseState state) const { return createIndex(int(state), 0, nullptr); }

QModelIndex PhaseBoardModel::cardIndex(qint64 phaseRowId) const
{
    const auto it = m_cardById.find(phaseRowId);
    if (it == m_cardById.end() || !it->second->visible)
        return {};
    return createIndex(rowOf(it->second.get()), 0, it->second.get());
}

QModelIndex PhaseBoardModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column != 0)
        return {};
    if (!parent.isValid())
        return row < PhaseStateCount ? createIndex(row, 0, nullptr) : QModelIndex();
    if (parent.internalPointer() || parent.column() != 0)
        return {}; // cards have no children
    const Column &cards = m_columns[std::size_t(parent.row())];
    if (std::size_t(row) >= cards.size())
        return {};
    return createIndex(row, 0, cards[std::size_t(row)]);
}

QModelIndex PhaseBoardModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !child.internalPointer())
        return {};
    return columnIndex(PhaseState(static_cast<const Card *>(child.internalPointer())->column()));
}

int PhaseBoardModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return PhaseStateCount;
    if (parent.internalPointer() || parent.column() != 0)
        return 0;
    return int(m_columns[std::size_t(parent.row())].size());
}

int PhaseBoardModel::columnCount(const QModelIndex &) const { return 1; }

bool PhaseBoardModel::hasChildren(const QModelIndex &parent) const { return rowCount(parent) > 0; }

Qt::ItemFlags PhaseBoardModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (!index.internalPointer())
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant PhaseBoardModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this)
        return {};
    const Card *card = static_cast<const Card *>(index.internalPointer());
    if (!card) {
        const PhaseState state = stateOfColumn(index.row());
        switch (role) {
        case Qt::DisplayRole:
        case StateNameRole:
            return toString(state);
        case StateRole:
            return int(state);
        case IsColumnRole:
            return true;
        default:
            return {};
        }
    }
    const Phase &phase = card->phase;
    switch (role) {
    case Qt::DisplayRole:
        return phase.name.isEmpty() ? phase.phaseId : phase.name;
    case Qt::ToolTipRole:
        return QStringLiteral("%1 · %2 · %3").arg(phase.runId, phase.tierId, phase.phaseId);
    case StateRole:
        return int(phase.state);
    case StateNameRole:
        return toString(phase.state);
    case IsColumnRole:
        return false;
    case RowIdRole:
        return phase.id;
    case ProjectIdRole:
        return card->projectId;
    case RunRowIdRole:
        return phase.runRowId;
    case RunIdRole:
        return phase.runId;
    case TierIdRole:
        return phase.tierId;
    case PhaseIdRole:
        return phase.phaseId;
    case TierIndexRole:
        return card->tierIndex;
    case PhaseIndexRole:
        return phase.phaseIndex;
    case TaskCategoryRole:
        return phase.taskCategory;
    case BuilderAttemptsRole:
        return phase.builderAttempts;
    case MaxBuilderAttemptsRole:
        return phase.maxBuilderAttempts;
    case TokensUsedRole:
        return phase.tokensUsed;
    case TokenCapRole:
        return phase.incidentTokenCap;
    case CostUsdRole:
        return phase.costUsd;
    case MinorIssuesRole:
        return phase.minorIssues;
    case MajorIssuesRole:
        return phase.majorIssues;
    case AwaitingReviewerRole:
        return phase.awaitingReviewer;
    case UpdatedAtRole:
        return phase.updatedAt.isValid() ? QVariant(phase.updatedAt) : QVariant();
    case ComplexityRole:
        return phase.complexity;
    default:
        return {};
    }
}

QVariant PhaseBoardModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section >= 0 && section < PhaseStateCount ? QVariant(toString(stateOfColumn(section))) : QVariant();
    return section == 0 ? QVariant(tr("Phase")) : QVariant();
}

QHash<int, QByteArray> PhaseBoardModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    const std::pair<int, QByteArray> ours[] = {
        { StateRole, "state" },
        { StateNameRole, "stateName" },
        { IsColumnRole, "isColumn" },
        { RowIdRole, "rowId" },
        { ProjectIdRole, "projectId" },
        { RunRowIdRole, "runRowId" },
        { RunIdRole, "runId" },
        { TierIdRole, "tierId" },
        { PhaseIdRole, "phaseId" },
        { TierIndexRole, "tierIndex" },
        { PhaseIndexRole, "phaseIndex" },
        { TaskCategoryRole, "taskCategory" },
        { BuilderAttemptsRole, "builderAttempts" },
        { MaxBuilderAttemptsRole, "maxBuilderAttempts" },
        { TokensUsedRole, "tokensUsed" },
        { TokenCapRole, "tokenCap" },
        { CostUsdRole, "costUsd" },
        { MinorIssuesRole, "minorIssues" },
        { MajorIssuesRole, "majorIssues" },
        { AwaitingReviewerRole, "awaitingReviewer" },
        { UpdatedAtRole, "updatedAt" },
        { ComplexityRole, "complexity" },
    };
    for (const auto &[role, name] : ours)
        names.insert(role, name);
    return names;
}

} // namespace Autopack
