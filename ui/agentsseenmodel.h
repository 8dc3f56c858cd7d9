#pragma once

// The Agents dock's upper table: each agent seen lately (AgentPresence) or holding a
// lease, with its role, its last request and what it works on now (its active leases).
// setAgents() merges by name into the rows already there (inserts, removals,
// dataChanged), so a selection survives the many updates a busy API brings.

#include "agentpresence.h"
#include "domain.h"

#include <QAbstractTableModel>
#include <QList>

namespace Autopack::Ui {

class AgentsSeenModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, RoleColumn, LastSeenColumn, WorkColumn, SinceColumn, ColumnCount };
    Q_ENUM(Column)
    enum Role { NameRole = Qt::UserRole + 1, LeaseCountRole };

    struct Agent {
        QString name;
        QString role;
        QDateTime lastSeen; // invalid: holds a lease but was not seen within the window
        QList<Lease> leases; // active, oldest first
    };

    using QAbstractTableModel::QAbstractTableModel;

    // The rows for `seen` and the holders of `active`, sorted by name.
    static QList<Agent> combine(const QList<Host::AgentPresence::SeenAgent> &seen, const QList<Lease> &active);
    void setAgents(const QList<Agent> &agents);
    const QList<Agent> &agents() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    static bool sameRow(const Agent &a, const Agent &b);

    QList<Agent> m_rows; // sorted by name
};

} // namespace Autopack::Ui
