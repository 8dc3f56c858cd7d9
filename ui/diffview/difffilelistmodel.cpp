#include "difffilelistmodel.h"

#include "viewedstore.h"

#include <algorithm>

namespace Autopack::DiffUi {

using Git::DiffFile;

DiffFileListModel::DiffFileListModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

QString DiffFileListModel::statusText(const DiffFile &file)
{
    if (file.binary)
        return tr("binary");
    switch (file.status) {
    case DiffFile::Status::Added:
        return tr("added");
    case DiffFile::Status::Modified:
        return file.modeChanged() && file.hunks.isEmpty() ? tr("mode changed") : tr("modified");
    case DiffFile::Status::Deleted:
        return tr("deleted");
    case DiffFile::Status::Renamed:
        return tr("renamed");
    case DiffFile::Status::Copied:
        return tr("copied");
    case DiffFile::Status::TypeChanged:
        return tr("type changed");
    }
    return {};
}

void DiffFileListModel::setFiles(const QList<DiffFile> &files, const QString &commit, ViewedStore *store)
{
    beginResetModel();
    m_commit = commit;
    m_store = store;
    m_entries.clear();
    m_entries.reserve(files.size());
    for (const DiffFile &file : files) {
        Entry entry;
        entry.path = file.path();
        entry.status = statusText(file);
        entry.additions = file.additions;
        entry.deletions = file.deletions;
        entry.binary = file.binary;
        const QString name = (file.status == DiffFile::Status::Renamed || file.status == DiffFile::Status::Copied)
            ? tr("%1 → %2").arg(file.oldPath, file.newPath)
            : entry.path;
        entry.display = file.binary
            ? tr("%1  (%2)").arg(name, entry.status)
            : tr("%1  +%2 −%3  (%4)").arg(name).arg(entry.additions).arg(entry.deletions).arg(entry.status);
        entry.viewed = m_store && !m_commit.isEmpty() && m_store->isViewed(m_commit, entry.path);
        m_entries.append(entry);
    }
    endResetModel();
}

int DiffFileListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant DiffFileListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const Entry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return entry.display;
    case Qt::ToolTipRole:
        return entry.path;
    case Qt::CheckStateRole:
        return entry.viewed ? Qt::Checked : Qt::Unchecked;
    case StatusRole:
        return entry.status;
    case PathRole:
        return entry.path;
    case AdditionsRole:
        return entry.additions;
    case DeletionsRole:
        return entry.deletions;
    case BinaryRole:
        return entry.binary;
    default:
        return {};
    }
}

bool DiffFileListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::CheckStateRole)
        return false;
    setViewed(index.row(), value.value<Qt::CheckState>() == Qt::Checked);
    return true;
}

Qt::ItemFlags DiffFileListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return QAbstractListModel::flags(index); // the root: no check box
    return QAbstractListModel::flags(index) | Qt::ItemIsUserCheckable;
}

bool DiffFileListModel::isViewed(int file) const
{
    return file >= 0 && file < m_entries.size() && m_entries.at(file).viewed;
}

bool DiffFileListModel::allViewed() const
{
    return std::all_of(m_entries.cbegin(), m_entries.cend(), [](const Entry &entry) { return entry.viewed; });
}

void DiffFileListModel::setViewed(int file, bool viewed)
{
    if (file < 0 || file >= m_entries.size() || m_entries.at(file).viewed == viewed)
        return;
    m_entries[file].viewed = viewed;
    if (m_store && !m_commit.isEmpty())
        m_store->setViewed(m_commit, m_entries.at(file).path, viewed);
    const QModelIndex changed = index(file);
    Q_EMIT dataChanged(changed, changed, { Qt::CheckStateRole });
    Q_EMIT viewedChanged(file, viewed);
}

} // namespace Autopack::DiffUi
