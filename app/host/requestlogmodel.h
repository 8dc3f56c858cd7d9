#pragma once

// The API's most recent requests as a table for the window, newest row first. Bounded:
// once `capacity` rows are held, each append removes the oldest (bottom) row by
// rows, so views keep their selection and scroll position; only setEntries() resets.
// Lives on the GUI thread; ApiServer::requestLogged reaches append() queued.

#include "requestlog.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QList>

namespace Autopack::Host {

class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        MethodColumn,
        PathColumn,
        AgentColumn,
        RoleColumn,
        StatusColumn,
        DurationColumn,
        ColumnCount
    };
    enum Role {
        StatusRole = Qt::UserRole + 1, // int, the HTTP status as answered
        TimeRole, // QDateTime, UTC
    };

    // Foregrounds of failed requests: server errors (>= 500) and client errors (4xx).
    static QColor serverErrorColor() { return QColor(0xc0, 0x39, 0x2b); }
    static QColor clientErrorColor() { return QColor(0xb9, 0x77, 0x0e); }

    explicit RequestLogModel(int capacity = 1000, QObject *parent = nullptr);

    int capacity() const { return m_capacity; }
    // Row 0 is the newest request.
    const Api::RequestLogEntry &entry(int row) const { return m_rows.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public Q_SLOTS:
    // One new request, shown as row 0.
    void append(const Autopack::Api::RequestLogEntry &entry);
    // Replaces everything (one reset): `entries` oldest first, as RequestLog::entries()
    // gives them; only the newest `capacity` are kept.
    void setEntries(const QList<Autopack::Api::RequestLogEntry> &entries);

private:
    int m_capacity;
    QList<Api::RequestLogEntry> m_rows; // newest first
};

} // namespace Autopack::Host
