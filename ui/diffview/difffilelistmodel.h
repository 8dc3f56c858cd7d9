#pragma once

// The file list beside the diff: one row per DiffFile with its status, +/- counts and
// a "viewed" check box remembered per commit through a ViewedStore.

#include "diffmodel.h"

#include <QAbstractListModel>

namespace Autopack::DiffUi {

class ViewedStore;

class DiffFileListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { StatusRole = Qt::UserRole + 1, PathRole, AdditionsRole, DeletionsRole, BinaryRole };

    explicit DiffFileListModel(QObject *parent = nullptr);

    // A new snapshot: resets the model. The store may be null (nothing remembered).
    void setFiles(const QList<Git::DiffFile> &files, const QString &commit, ViewedStore *store);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    bool isViewed(int file) const;
    // Every file of the diff is marked viewed (true for an empty diff): one of the
    // promotion conditions.
    bool allViewed() const;
    void setViewed(int file, bool viewed);

    // "added", "modified", "deleted", "renamed", "binary", ... as shown in the list.
    static QString statusText(const Git::DiffFile &file);

Q_SIGNALS:
    void viewedChanged(int file, bool viewed);

private:
    struct Entry {
        QString path;
        QString display;
        QString status;
        int additions = 0;
        int deletions = 0;
        bool binary = false;
        bool viewed = false;
    };
    QList<Entry> m_entries;
    QString m_commit;
    ViewedStore *m_store = nullptr;
};

} // namespace Autopack::DiffUi
