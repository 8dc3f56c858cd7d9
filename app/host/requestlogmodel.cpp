#include "requestlogmodel.h"

#include <QLocale>

#include <algorithm>

namespace Autopack::Host {

RequestLogModel::RequestLogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(std::max(1, capacity))
{
}

int RequestLogModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int RequestLogModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RequestLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Api::RequestLogEntry &e = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        // Requests without a valid token have no caller and no role.
        const auto orDash = [](const QString &text) { return text.isEmpty() ? tr("—") : text; };
        switch (index.column()) {
        case TimeColumn:
            return e.time.toLocalTime().toString(QStringLiteral("hh:mm:ss.zzz"));
        case MethodColumn:
            return e.method;
        case PathColumn:
            return e.path;
        case AgentColumn:
            return orDash(e.principal);
        case RoleColumn:
            return orDash(e.role);
        case StatusColumn:
            return QString::number(e.status);
        case DurationColumn:
            return tr("%1 ms").arg(QLocale().toString(e.durationMs, 'f', 1));
        }
        return {};
    }
    case Qt::ToolTipRole:
        if (index.column() == PathColumn)
            return e.path;
        // The display shows local time of day only; the day and the zone are here.
        return e.time.toUTC().toString(Qt::ISODateWithMs);
    case Qt::ForegroundRole:
        if (e.status >= 500)
            return serverErrorColor();
        if (e.status >= 400)
            return clientErrorColor();
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == StatusColumn || index.column() == DurationColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case StatusRole:
        return e.status;
    case TimeRole:
        return e.time;
    }
    return {};
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole && (section == StatusColumn || section == DurationColumn))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case MethodColumn:
        return tr("Method");
    case PathColumn:
        return tr("Path");
    case AgentColumn:
        return tr("Agent");
    case RoleColumn:
        return tr("Role");
    case StatusColumn:
        return tr("Status");
    case DurationColumn:
        return tr("Duration");
    }
    return {};
}

void RequestLogModel::append(const Api::RequestLogEntry &entry)
{
    // Make room first, so the model never holds more than capacity rows, not even
    // between the two signals.
    if (m_rows.size() >= m_capacity) {
        const int last = int(m_rows.size()) - 1;
        beginRemoveRows({}, last, last);
        m_rows.removeLast();
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_rows.prepend(entry);
    endInsertRows();
}

void RequestLogModel::setEntries(const QList<Api::RequestLogEntry> &entries)
{
    beginResetModel();
    m_rows.clear();
    const qsizetype keep = std::min<qsizetype>(entries.size(), m_capacity);
    m_rows.reserve(keep);
    for (qsizetype i = entries.size() - 1; i >= entries.size() - keep; --i)
        m_rows.append(entries.at(i));
    endResetModel();
}

} // namespace Autopack::Host
