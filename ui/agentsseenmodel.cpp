#include "agentsseenmodel.h"

#include <QLocale>

#include <algorithm>

namespace Autopack::Ui {

namespace {

QString clock(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime().time(), QStringLiteral("HH:mm:ss")) : QString();
}

} // namespace

QList<AgentsSeenModel::Agent> AgentsSeenModel::combine(
    const QList<Host::AgentPresence::SeenAgent> &seen, const QList<Lease> &active)
{
    QList<Agent> agents;
    for (const auto &s : seen)
        agents << Agent { s.name, s.role, s.lastSeen, {} };
    for (const Lease &lease : active) {
        auto it = std::find_if(agents.begin(), agents.end(), [&](const Agent &a) { return a.name == lease.holder; });
        if (it == agents.end())
            it = agents.insert(agents.end(), Agent { lease.holder, lease.role, {}, {} });
        it->leases << lease;
    }
    for (Agent &a : agents)
        std::sort(a.leases.begin(), a.leases.end(),
            [](const Lease &x, const Lease &y) { return x.acquiredAt < y.acquiredAt; });
    std::sort(agents.begin(), agents.end(), [](const Agent &a, const Agent &b) { return a.name < b.name; });
    return agents;
}

bool AgentsSeenModel::sameRow(const Agent &a, const Agent &b)
{
    if (a.name != b.name || a.role != b.role || a.lastSeen != b.lastSeen || a.leases.size() != b.leases.size())
        return false;
    for (qsizetype i = 0; i < a.leases.size(); ++i)
        if (a.leases.at(i).id != b.leases.at(i).id)
            return false;
    return true;
}

void AgentsSeenModel::setAgents(const QList<Agent> &agents)
{
    // Both lists are sorted by name: one walk decides every row's fate.
    int row = 0;
    for (const Agent &agent : agents) {
        while (row < m_rows.size() && m_rows.at(row).name < agent.name) {
            beginRemoveRows({}, row, row);
            m_rows.removeAt(row);
            endRemoveRows();
        }
        if (row < m_rows.size() && m_rows.at(row).name == agent.name) {
            if (!sameRow(m_rows.at(row), agent)) {
                m_rows[row] = agent;
                Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            }
        } else {
            beginInsertRows({}, row, row);
            m_rows.insert(row, agent);
            endInsertRows();
        }
        ++row;
    }
    if (row < m_rows.size()) {
        beginRemoveRows({}, row, int(m_rows.size()) - 1);
        m_rows.resize(row);
        endRemoveRows();
    }
}

int AgentsSeenModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int AgentsSeenModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AgentsSeenModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Agent &a = m_rows.at(index.row());
    QStringList work;
    for (const Lease &lease : a.leases)
        work << QStringLiteral("%1 / %2").arg(lease.runId, lease.phaseId);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return a.name;
        case RoleColumn:
            return a.role;
        case LastSeenColumn:
            return a.lastSeen.isValid() ? clock(a.lastSeen) : tr("—");
        case WorkColumn:
            return work.isEmpty() ? tr("idle") : work.join(QStringLiteral(", "));
        case SinceColumn:
            return a.leases.isEmpty() ? QString() : clock(a.leases.constFirst().acquiredAt);
        default:
            return {};
        }
    case Qt::ToolTipRole: {
        if (index.column() == LastSeenColumn)
            return a.lastSeen.isValid() ? tr("Last request %1").arg(QLocale().toString(a.lastSeen.toLocalTime()))
                                        : tr("No request within the last minute; its lease is still active.");
        QStringList lines;
        for (const Lease &lease : a.leases)
            lines << tr("%1 / %2 as %3 since %4, lease until %5")
                         .arg(lease.runId, lease.phaseId, lease.role, clock(lease.acquiredAt), clock(lease.expiresAt));
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
    }
    case NameRole:
        return a.name;
    case LeaseCountRole:
        return int(a.leases.size());
    default:
        return {};
    }
}

QVariant AgentsSeenModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Agent");
    case RoleColumn:
        return tr("Role");
    case LastSeenColumn:
        return tr("Last seen");
    case WorkColumn:
        return tr("Working on");
    case SinceColumn:
        return tr("Since");
    default:
        return {};
    }
}

} // namespace Autopack::Ui
