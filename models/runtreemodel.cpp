#include "runtreemodel.h"

#include "itemmodelslog.h"

#include <QLocale>

#include <algorithm>

namespace Autopack {

struct RunTreeModel::Node {
    NodeKind kind = NodeKind::Project;
    Payload payload;
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;
    // Aggregates over the phases below (a phase counts itself).
    int done = 0;
    int total = 0;
    qint64 tokens = 0;
    qint64 runCaps = 0; // projects only: sum of their runs' token caps
    bool placeholder = false; // a project known only from its runs' project_id

    qint64 rowId() const
    {
        return std::visit([](const auto &v) { return v.id; }, payload);
    }
    // Order among siblings: projects and runs by id, tiers and phases by index then id.
    std::pair<qint64, qint64> sortKey() const
    {
        switch (kind) {
        case NodeKind::Tier:
            return { std::get<Tier>(payload).tierIndex, rowId() };
        case NodeKind::Phase:
            return { std::get<Phase>(payload).phaseIndex, rowId() };
        default:
            return { rowId(), 0 };
        }
    }
    const Project &project() const { return std::get<Project>(payload); }
    const Run &run() const { return std::get<Run>(payload); }
    const Tier &tier() const { return std::get<Tier>(payload); }
    const Phase &phase() const { return std::get<Phase>(payload); }
};

namespace {

bool byKey(const std::unique_ptr<RunTreeModel::Node> &a, const std::unique_ptr<RunTreeModel::Node> &b);

// A row older than the one shown: a signal queued before the snapshot was read and
// delivered after it. Applying it would roll the row back.
bool isStale(const QDateTime &incoming, const QDateTime &shown)
{
    return incoming.isValid() && shown.isValid() && incoming < shown;
}

void renumber(std::vector<std::unique_ptr<RunTreeModel::Node>> &children, std::size_t from)
{
    for (std::size_t i = from; i < children.size(); ++i)
        children[i]->row = int(i);
}

} // namespace

RunTreeModel::RunTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

RunTreeModel::~RunTreeModel() = default;

void RunTreeModel::setSnapshot(const StoreSnapshot &snapshot)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_projectById.clear();
    m_runById.clear();
    m_tierById.clear();
    m_phaseById.clear();
    m_heldTiers.clear();
    m_heldPhases.clear();
    m_heldTierParent.clear();
    m_heldPhaseParent.clear();

    // Built top-down by hashed parent lookups, then sorted and summed once; rows whose
    // parent is missing are held exactly as late arrivals would be.
    m_projectById.reserve(snapshot.projects.size());
    for (const Project &project : snapshot.projects) {
        if (m_projectById.contains(project.id))
            continue;
        auto node = makeProject(project, false);
        node->parent = m_root.get();
        m_root->children.push_back(std::move(node));
    }
    m_runById.reserve(snapshot.runs.size());
    for (const Run &run : snapshot.runs) {
        if (m_runById.contains(run.id))
            continue;
        Node *project = m_projectById.value(run.projectId);
        if (!project) {
            qCInfo(lcItemModels) << "run" << run.runId << "names unknown project" << run.projectId
                                 << "- shown under a placeholder";
            auto node = makeProject(Project { .id = run.projectId }, true);
            project = node.get();
            node->parent = m_root.get();
            m_root->children.push_back(std::move(node));
        }
        auto node = makeRun(run);
        node->parent = project;
        project->children.push_back(std::move(node));
    }
    m_tierById.reserve(snapshot.tiers.size());
    for (const Tier &tier : snapshot.tiers) {
        Node *run = m_runById.value(tier.runRowId);
        if (!run || m_tierById.contains(tier.id)) {
            if (!run)
                holdTier(tier);
            continue;
        }
        auto node = makeTier(tier);
        node->parent = run;
        run->children.push_back(std::move(node));
    }
    m_phaseById.reserve(snapshot.phases.size());
    for (const Phase &phase : snapshot.phases) {
        Node *tier = m_tierById.value(phase.tierRowId);
        if (!tier || m_phaseById.contains(phase.id)) {
            if (!tier)
                holdPhase(phase);
            continue;
        }
        auto node = makePhase(phase);
        node->parent = tier;
        tier->children.push_back(std::move(node));
    }
    // Order every level and sum the phases upwards.
    const auto arrange = [](Node *node) {
        std::sort(node->children.begin(), node->children.end(), byKey);
        renumber(node->children, 0);
    };
    arrange(m_root.get());
    for (auto &project : m_root->children) {
        arrange(project.get());
        for (auto &run : project->children) {
            arrange(run.get());
            for (auto &tier : run->children) {
                arrange(tier.get());
                for (const auto &phase : tier->children) {
                    tier->done += phase->done;
                    tier->total += phase->total;
                    tier->tokens += phase->tokens;
                }
                run->done += tier->done;
                run->total += tier->total;
                run->tokens += tier->tokens;
            }
            project->done += run->done;
            project->total += run->total;
            project->tokens += run->tokens;
            project->runCaps += run->run().tokenCap;
        }
    }
    if (const int held = heldBackCount())
        qCInfo(lcItemModels) << held << "tiers/phases wait for a parent not in the snapshot";
    endResetModel();
}

void RunTreeModel::setNotifier(StoreNotifier *notifier)
{
    for (const auto &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_notifier = notifier;
    if (!notifier)
        return;
    m_connections = {
        connect(notifier, &StoreNotifier::projectChanged, this, &RunTreeModel::applyProject),
        connect(notifier, &StoreNotifier::runInserted, this, &RunTreeModel::applyRunInserted),
        connect(notifier, &StoreNotifier::runChanged, this, &RunTreeModel::applyRun),
        connect(notifier, &StoreNotifier::tierChanged, this, &RunTreeModel::applyTier),
        connect(notifier, &StoreNotifier::phaseChanged, this, &RunTreeModel::applyPhase),
    };
}

// --- incremental updates ---------------------------------------------------------

void RunTreeModel::applyProject(const Project &project)
{
    Node *node = m_projectById.value(project.id);
    if (!node) {
        insertChild(m_root.get(), makeProject(project, false));
        return;
    }
    node->payload = project;
    node->placeholder = false;
    emitRowChanged(node);
}

void RunTreeModel::applyRunInserted(const Run &run, const QList<Tier> &tiers, const QList<Phase> &phases)
{
    if (m_runById.contains(run.id)) {
        // Delivered twice (e.g. queued before a snapshot that already had it): an update.
        applyRun(run);
        for (const Tier &tier : tiers)
            applyTier(tier);
        for (const Phase &phase : phases)
            applyPhase(phase);
        return;
    }
    // Hold the new rows under their parents, then build the run, which adopts them:
    // one row insertion for the whole run.
    QList<Tier> lateTiers;
    QList<Phase> latePhases;
    for (const Tier &tier : tiers) {
        if (m_tierById.contains(tier.id))
            lateTiers.append(tier);
        else
            holdTier(tier);
    }
    for (const Phase &phase : phases) {
        if (m_phaseById.contains(phase.id) || m_tierById.contains(phase.tierRowId))
            latePhases.append(phase);
        else
            holdPhase(phase);
    }
    Node *project = ensureProject(run.projectId);
    insertChild(project, makeRun(run));
    for (const Tier &tier : std::as_const(lateTiers))
        applyTier(tier);
    for (const Phase &phase : std::as_const(latePhases))
        applyPhase(phase);
}

void RunTreeModel::applyRun(const Run &run)
{
    Node *node = m_runById.value(run.id);
    if (!node) {
        insertChild(ensureProject(run.projectId), makeRun(run));
        return;
    }
    const Run &old = node->run();
    if (isStale(run.updatedAt, old.updatedAt))
        return;
    if (old.projectId != run.projectId) {
        auto taken = takeChild(node);
        taken->payload = run;
        insertChild(ensureProject(run.projectId), std::move(taken));
        return;
    }
    const qint64 capDelta = run.tokenCap - old.tokenCap;
    const bool costMoved = run.costUsd != old.costUsd;
    node->payload = run;
    emitRowChanged(node);
    if (capDelta != 0 || costMoved)
        addToAncestors(node->parent, 0, 0, 0, capDelta, costMoved);
}

void RunTreeModel::applyTier(const Tier &tier)
{
    Node *node = m_tierById.value(tier.id);
    if (!node) {
        dropHeldTier(tier.id);
        if (Node *run = m_runById.value(tier.runRowId))
            insertChild(run, makeTier(tier));
        else
            holdTier(tier);
        return;
    }
    const Tier &old = node->tier();
    if (isStale(tier.updatedAt, old.updatedAt))
        return;
    if (old.runRowId != tier.runRowId || old.tierIndex != tier.tierIndex) {
        auto taken = takeChild(node);
        taken->payload = tier;
        if (Node *run = m_runById.value(tier.runRowId))
            insertChild(run, std::move(taken));
        else
            hold(std::move(taken));
        return;
    }
    node->payload = tier;
    emitRowChanged(node);
}

void RunTreeModel::applyPhase(const Phase &phase)
{
    Node *node = m_phaseById.value(phase.id);
    if (!node) {
        dropHeldPhase(phase.id);
        if (Node *tier = m_tierById.value(phase.tierRowId))
            insertChild(tier, makePhase(phase));
        else
            holdPhase(phase);
        return;
    }
    const Phase &old = node->phase();
    if (isStale(phase.updatedAt, old.updatedAt))
        return;
    if (old.tierRowId != phase.tierRowId || old.phaseIndex != phase.phaseIndex) {
        auto taken = takeChild(node);
        taken->payload = phase;
        taken->done = isTerminal(phase.state) ? 1 : 0;
        taken->tokens = phase.tokensUsed;
        if (Node *tier = m_tierById.value(phase.tierRowId))
            insertChild(tier, std::move(taken));
        else
            hold(std::move(taken));
        return;
    }
    const int done = isTerminal(phase.state) ? 1 : 0;
    const int doneDelta = done - node->done;
    const qint64 tokenDelta = phase.tokensUsed - node->tokens;
    node->payload = phase;
    node->done = done;
    node->tokens = phase.tokensUsed;
    emitRowChanged(node);
    addToAncestors(node->parent, doneDelta, 0, tokenDelta, 0);
}

// --- tree surgery ----------------------------------------------------------------

namespace {

bool byKey(const std::unique_ptr<RunTreeModel::Node> &a, const std::unique_ptr<RunTreeModel::Node> &b)
{
    return a->sortKey() < b->sortKey();
}

} // namespace

std::unique_ptr<RunTreeModel::Node> RunTreeModel::makeProject(const Project &project, bool placeholder)
{
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::Project;
    node->payload = project;
    node->placeholder = placeholder;
    m_projectById.insert(project.id, node.get());
    return node;
}

std::unique_ptr<RunTreeModel::Node> RunTreeModel::makeRun(const Run &run)
{
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::Run;
    node->payload = run;
    m_runById.insert(run.id, node.get());
    const QList<Tier> tiers = m_heldTiers.take(run.id);
    node->children.reserve(tiers.size());
    for (const Tier &tier : tiers) {
        m_heldTierParent.remove(tier.id);
        auto child = makeTier(tier);
        child->parent = node.get();
        node->done += child->done;
        node->total += child->total;
        node->tokens += child->tokens;
        node->children.push_back(std::move(child));
    }
    std::sort(node->children.begin(), node->children.end(), byKey);
    renumber(node->children, 0);
    return node;
}

std::unique_ptr<RunTreeModel::Node> RunTreeModel::makeTier(const Tier &tier)
{
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::Tier;
    node->payload = tier;
    m_tierById.insert(tier.id, node.get());
    QList<Phase> phases = m_heldPhases.take(tier.id);
    node->children.reserve(phases.size());
    for (Phase &phase : phases) {
        m_heldPhaseParent.remove(phase.id);
        auto child = makePhase(std::move(phase));
        child->parent = node.get();
        node->done += child->done;
        node->total += 1;
        node->tokens += child->tokens;
        node->children.push_back(std::move(child));
    }
    std::sort(node->children.begin(), node->children.end(), byKey);
    renumber(node->children, 0);
    return node;
}

std::unique_ptr<RunTreeModel::Node> RunTreeModel::makePhase(Phase phase)
{
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::Phase;
    node->done = isTerminal(phase.state) ? 1 : 0;
    node->total = 1;
    node->tokens = phase.tokensUsed;
    m_phaseById.insert(phase.id, node.get());
    node->payload = std::move(phase);
    return node;
}

RunTreeModel::Node *RunTreeModel::ensureProject(qint64 projectId)
{
    if (Node *node = m_projectById.value(projectId))
        return node;
    qCInfo(lcItemModels) << "unknown project" << projectId << "- shown as a placeholder until it arrives";
    auto node = makeProject(Project { .id = projectId }, true);
    Node *raw = node.get();
    insertChild(m_root.get(), std::move(node));
    return raw;
}

void RunTreeModel::insertChild(Node *parent, std::unique_ptr<Node> child)
{
    auto &siblings = parent->children;
    const auto at = std::lower_bound(siblings.begin(), siblings.end(), child, byKey);
    const int row = int(at - siblings.begin());
    beginInsertRows(indexFor(parent), row, row);
    child->parent = parent;
    Node *raw = child.get();
    siblings.insert(at, std::move(child));
    renumber(siblings, std::size_t(row));
    endInsertRows();
    const bool isRun = raw->kind == NodeKind::Run;
    addToAncestors(
        parent, raw->done, raw->total, raw->tokens, isRun ? raw->run().tokenCap : 0, isRun && raw->run().costUsd != 0);
}

std::unique_ptr<RunTreeModel::Node> RunTreeModel::takeChild(Node *child)
{
    Node *parent = child->parent;
    auto &siblings = parent->children;
    const int row = child->row;
    beginRemoveRows(indexFor(parent), row, row);
    std::unique_ptr<Node> taken = std::move(siblings[std::size_t(row)]);
    siblings.erase(siblings.begin() + row);
    renumber(siblings, std::size_t(row));
    taken->parent = nullptr;
    endRemoveRows();
    const bool isRun = taken->kind == NodeKind::Run;
    addToAncestors(parent, -taken->done, -taken->total, -taken->tokens, isRun ? -taken->run().tokenCap : 0,
        isRun && taken->run().costUsd != 0);
    return taken;
}

void RunTreeModel::hold(std::unique_ptr<Node> node)
{
    unregisterSubtree(node.get());
    if (node->kind == NodeKind::Tier) {
        for (const auto &phase : node->children)
            holdPhase(phase->phase());
        holdTier(node->tier());
    } else if (node->kind == NodeKind::Phase) {
        holdPhase(node->phase());
    }
}

void RunTreeModel::holdTier(const Tier &tier)
{
    dropHeldTier(tier.id);
    m_heldTiers[tier.runRowId].append(tier);
    m_heldTierParent.insert(tier.id, tier.runRowId);
}

void RunTreeModel::holdPhase(const Phase &phase)
{
    dropHeldPhase(phase.id);
    m_heldPhases[phase.tierRowId].append(phase);
    m_heldPhaseParent.insert(phase.id, phase.tierRowId);
}

void RunTreeModel::dropHeldTier(qint64 tierRowId)
{
    const auto it = m_heldTierParent.constFind(tierRowId);
    if (it == m_heldTierParent.cend())
        return;
    const auto list = m_heldTiers.find(it.value());
    if (list != m_heldTiers.end()) {
        list->removeIf([tierRowId](const Tier &t) { return t.id == tierRowId; });
        if (list->isEmpty())
            m_heldTiers.erase(list);
    }
    m_heldTierParent.erase(it);
}

void RunTreeModel::dropHeldPhase(qint64 phaseRowId)
{
    const auto it = m_heldPhaseParent.constFind(phaseRowId);
    if (it == m_heldPhaseParent.cend())
        return;
    const auto list = m_heldPhases.find(it.value());
    if (list != m_heldPhases.end()) {
        list->removeIf([phaseRowId](const Phase &p) { return p.id == phaseRowId; });
        if (list->isEmpty())
            m_heldPhases.erase(list);
    }
    m_heldPhaseParent.erase(it);
}

void RunTreeModel::unregisterSubtree(Node *node)
{
    for (const auto &child : node->children)
        unregisterSubtree(child.get());
    switch (node->kind) {
    case NodeKind::Project:
        m_projectById.remove(node->rowId());
        break;
    case NodeKind::Run:
        m_runById.remove(node->rowId());
        break;
    case NodeKind::Tier:
        m_tierById.remove(node->rowId());
        break;
    case NodeKind::Phase:
        m_phaseById.remove(node->rowId());
        break;
    }
}

void RunTreeModel::addToAncestors(Node *from, int done, int total, qint64 tokens, qint64 runCap, bool runCostMoved)
{
    for (Node *node = from; node && node != m_root.get(); node = node->parent) {
        const bool project = node->kind == NodeKind::Project;
        const qint64 capDelta = project ? runCap : 0;
        if (done == 0 && total == 0 && tokens == 0 && capDelta == 0 && !(project && runCostMoved))
            continue;
        node->done += done;
        node->total += total;
        node->tokens += tokens;
        node->runCaps += capDelta;
        const QModelIndex first = indexFor(node, ProgressColumn);
        Q_EMIT dataChanged(first, first.siblingAtColumn(TokensColumn));
    }
}

void RunTreeModel::emitRowChanged(Node *node)
{
    const QModelIndex first = indexFor(node, 0);
    Q_EMIT dataChanged(first, first.siblingAtColumn(ColumnCount - 1));
}

int RunTreeModel::heldBackCount() const { return int(m_heldTierParent.size() + m_heldPhaseParent.size()); }

// --- QAbstractItemModel ----------------------------------------------------------

RunTreeModel::Node *RunTreeModel::nodeFor(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex RunTreeModel::indexFor(const Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row, column, const_cast<Node *>(node));
}

QModelIndex RunTreeModel::projectIndex(qint64 projectId, int column) const
{
    return indexFor(m_projectById.value(projectId), column);
}

QModelIndex RunTreeModel::runIndex(qint64 runRowId, int column) const
{
    return indexFor(m_runById.value(runRowId), column);
}

QModelIndex RunTreeModel::tierIndex(qint64 tierRowId, int column) const
{
    return indexFor(m_tierById.value(tierRowId), column);
}

QModelIndex RunTreeModel::phaseIndex(qint64 phaseRowId, int column) const
{
    return indexFor(m_phaseById.value(phaseRowId), column);
}

QModelIndex RunTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0 || (parent.isValid() && parent.column() != 0))
        return {};
    const Node *node = nodeFor(parent);
    if (std::size_t(row) >= node->children.size())
        return {};
    return createIndex(row, column, node->children[std::size_t(row)].get());
}

QModelIndex RunTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexFor(nodeFor(child)->parent, 0);
}

int RunTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeFor(parent)->children.size());
}

int RunTreeModel::columnCount(const QModelIndex &) const { return ColumnCount; }

bool RunTreeModel::hasChildren(const QModelIndex &parent) const { return rowCount(parent) > 0; }

namespace {

QString tokensText(qint64 used, qint64 cap)
{
    const QLocale locale;
    if (cap <= 0)
        return locale.toString(used);
    return locale.toString(used) + QStringLiteral(" / ") + locale.toString(cap);
}

QString timeText(const QDateTime &time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

} // namespace

QVariant RunTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this)
        return {};
    const Node *node = nodeFor(index);
    const NodeKind kind = node->kind;
    const Project *project = kind == NodeKind::Project ? &node->project() : nullptr;
    const Run *run = kind == NodeKind::Run ? &node->run() : nullptr;
    const Tier *tier = kind == NodeKind::Tier ? &node->tier() : nullptr;
    const Phase *phase = kind == NodeKind::Phase ? &node->phase() : nullptr;

    const auto tokenCap = [&]() -> qint64 {
        if (project)
            return node->runCaps;
        if (run)
            return run->tokenCap;
        if (tier)
            return tier->tokenCap;
        return phase->incidentTokenCap;
    };
    const auto stateName = [&]() -> QString {
        if (run)
            return toString(run->state);
        if (tier)
            return toString(tier->state);
        if (phase)
            return toString(phase->state);
        return {};
    };
    const auto updatedAt = [&]() -> QDateTime {
        if (run)
            return run->updatedAt;
        if (tier)
            return tier->updatedAt;
        if (phase)
            return phase->updatedAt;
        return {};
    };
    const auto issues = [&](bool major) -> QVariant {
        if (run)
            return major ? run->majorIssues : run->minorIssues;
        if (tier)
            return major ? tier->majorIssues : tier->minorIssues;
        if (phase)
            return major ? phase->majorIssues : phase->minorIssues;
        return {};
    };

    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case NameColumn:
            if (project) {
                if (node->placeholder || project->name.isEmpty())
                    return tr("Project #%1").arg(project->id);
                return project->name;
            }
            if (run)
                return run->runId;
            if (tier)
                return tier->name.isEmpty() ? tier->tierId : tier->name;
            return phase->name.isEmpty() ? phase->phaseId : phase->name;
        case StateColumn:
            if (phase && phase->awaitingReviewer)
                return tr("%1 (awaiting reviewer)").arg(stateName());
            return stateName();
        case ProgressColumn:
            if (phase)
                return {};
            return QStringLiteral("%1/%2").arg(node->done).arg(node->total);
        case TokensColumn:
            return tokensText(node->tokens, tokenCap());
        case MinorIssuesColumn:
            return issues(false);
        case MajorIssuesColumn:
            return issues(true);
        case UpdatedColumn:
            return timeText(updatedAt());
        case ColumnCount:
            break;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == ProgressColumn || index.column() == TokensColumn || index.column() == MinorIssuesColumn
            || index.column() == MajorIssuesColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (project)
            return project->repoPath;
        if (run)
            return run->failureReason.isEmpty() ? QVariant() : QVariant(run->failureReason);
        if (phase)
            return phase->description.isEmpty() ? QVariant() : QVariant(phase->description);
        return tier->description.isEmpty() ? QVariant() : QVariant(tier->description);
    case StateRole:
        if (run)
            return int(run->state);
        if (tier)
            return int(tier->state);
        if (phase)
            return int(phase->state);
        return {};
    case StateNameRole:
        return project ? QVariant() : QVariant(stateName());
    case NodeKindRole:
        return int(kind);
    case EntityKindRole:
        if (run)
            return int(EntityKind::Run);
        if (tier)
            return int(EntityKind::Tier);
        if (phase)
            return int(EntityKind::Phase);
        return {};
    case RowIdRole:
        return node->rowId();
    case ProjectIdRole: {
        const Node *p = node;
        while (p->kind != NodeKind::Project)
            p = p->parent;
        return p->rowId();
    }
    case RunRowIdRole:
        if (run)
            return run->id;
        if (tier)
            return tier->runRowId;
        if (phase)
            return phase->runRowId;
        return {};
    case RunIdRole:
        if (run)
            return run->runId;
        if (tier)
            return tier->runId;
        if (phase)
            return phase->runId;
        return {};
    case TierIdRole:
        if (tier)
            return tier->tierId;
        if (phase)
            return phase->tierId;
        return {};
    case PhaseIdRole:
        return phase ? QVariant(phase->phaseId) : QVariant();
    case ProgressRole:
        return node->total > 0 ? double(node->done) / double(node->total) : 0.0;
    case DoneCountRole:
        return node->done;
    case TotalCountRole:
        return node->total;
    case TokensUsedRole:
        return node->tokens;
    case TokenCapRole:
        return tokenCap();
    case CostUsdRole:
        if (project) {
            double sum = 0;
            for (const auto &child : node->children)
                sum += child->run().costUsd;
            return sum;
        }
        if (run)
            return run->costUsd;
        if (tier)
            return tier->costUsd;
        return phase->costUsd;
    case MinorIssuesRole:
        return issues(false);
    case MajorIssuesRole:
        return issues(true);
    case AwaitingReviewerRole:
        return phase ? QVariant(phase->awaitingReviewer) : QVariant();
    case CleanlinessRole:
        return tier ? QVariant(int(tier->cleanliness)) : QVariant();
    case UpdatedAtRole: {
        const QDateTime time = updatedAt();
        return time.isValid() ? QVariant(time) : QVariant();
    }
    default:
        return {};
    }
}

QVariant RunTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case StateColumn:
        return tr("State");
    case ProgressColumn:
        return tr("Progress");
    case TokensColumn:
        return tr("Tokens used / cap");
    case MinorIssuesColumn:
        return tr("Minor");
    case MajorIssuesColumn:
        return tr("Major");
    case UpdatedColumn:
        return tr("Updated");
    case ColumnCount:
        break;
    }
    return {};
}

QHash<int, QByteArray> RunTreeModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    const std::pair<int, QByteArray> ours[] = {
        { StateRole, "state" },
        { StateNameRole, "stateName" },
        { NodeKindRole, "nodeKind" },
        { EntityKindRole, "entityKind" },
        { RowIdRole, "rowId" },
        { ProjectIdRole, "projectId" },
        { RunRowIdRole, "runRowId" },
        { RunIdRole, "runId" },
        { TierIdRole, "tierId" },
        { PhaseIdRole, "phaseId" },
        { ProgressRole, "progress" },
        { DoneCountRole, "doneCount" },
        { TotalCountRole, "totalCount" },
        { TokensUsedRole, "tokensUsed" },
        { TokenCapRole, "tokenCap" },
        { CostUsdRole, "costUsd" },
        { MinorIssuesRole, "minorIssues" },
        { MajorIssuesRole, "majorIssues" },
        { AwaitingReviewerRole, "awaitingReviewer" },
        { CleanlinessRole, "cleanliness" },
        { UpdatedAtRole, "updatedAt" },
    };
    for (const auto &[role, name] : ours)
        names.insert(role, name);
    return names;
}

} // namespace Autopack
