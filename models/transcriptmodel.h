#pragma once

// One phase's agent transcript as a tree (SPEC §12): a row per attempt (role and
// attempt number, in the order the attempts first spoke), under it a row per event
// (time, kind, one line of text), and under an event whose text does not fit one line
// (every tool call, tool result and file change with a text, and any longer message)
// one folded row holding the whole text.
//
// Live: setPhase() resets (a new phase is a new snapshot); after that appendEvents()
// adds the shown phase's new events as inserted rows only, so selection, expansion and
// scroll position survive. Events at or below the last id shown are ignored, so a batch
// read by setPhase() and also announced by the notifier is shown once.

#include "domain.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>
#include <QPointer>

namespace Autopack {

class StoreNotifier;

class TranscriptModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, KindColumn, TextColumn, ColumnCount };
    Q_ENUM(Column)

    enum class RowType { Attempt, Event, Detail };
    Q_ENUM(RowType)

    enum Role {
        RowTypeRole = Qt::UserRole + 1, // int(RowType)
        EventIdRole, // qint64 (event and detail rows)
        KindRole, // QString wire kind, e.g. "tool_call" (event and detail rows)
        AgentRoleRole, // QString builder | auditor (every row)
        AttemptRole, // int (every row)
        FullTextRole, // QString the event's whole text (event and detail rows)
        ToolRole, // QString
        PathRole, // QString
        TimeRole, // QDateTime UTC (event and detail rows)
    };
    Q_ENUM(Role)

    explicit TranscriptModel(QObject *parent = nullptr);

    // Follows `notifier`'s transcriptAppended (not owned; null: stops).
    void setNotifier(StoreNotifier *notifier);

    // Shows `events` (the phase's transcript so far, id order) in place of anything.
    void setPhase(const QString &runId, const QString &phaseId, const QList<TranscriptEvent> &events);
    void clear();
    QString runId() const { return m_runId; }
    QString phaseId() const { return m_phaseId; }
    int eventCount() const { return m_eventCount; }

    // The shown phase's events among `events` become rows; others are ignored.
    void appendEvents(const QList<TranscriptEvent> &events);

    // The one line an event row shows: "tool: Edit src/x.cpp", a message's first line.
    static QString summary(const TranscriptEvent &event);
    // Whether the event row folds its whole text under it.
    static bool folds(const TranscriptEvent &event);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Attempt {
        QString role;
        int attempt = 0;
        QString agent;
        QList<TranscriptEvent> events;
    };
    static QString attemptKey(const TranscriptEvent &event);
    const TranscriptEvent *eventFor(const QModelIndex &index) const;
    void addTo(QList<Attempt> &attempts, const TranscriptEvent &event);

    QPointer<StoreNotifier> m_notifier;
    QString m_runId;
    QString m_phaseId;
    QList<Attempt> m_attempts;
    QHash<QString, int> m_attemptRows; // attemptKey → row in m_attempts
    qint64 m_lastId = 0;
    int m_eventCount = 0;
};

} // namespace Autopack
