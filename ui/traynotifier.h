#pragma once

// Desktop notifications (issue 8): one when a phase starts waiting for a reviewer's
// approval, one when a run ends. Driven only by the store's notifier signals, never by
// polling, so a change made by the engine or an agent is announced as it commits.
//
// Once per occasion: a phase is announced when it is seen waiting (GATE with
// awaitingReviewer) and was not already known to be waiting; it becomes announceable
// again after it stops waiting (rejected, approved, ...). Phases already waiting when
// the window opens are passed to setAlreadyWaiting() so they are not announced again
// by their next unrelated update. A run is announced on the event of its transition
// into a terminal state, which the store appends exactly once.
//
// The OS tray is optional (attachTray): without one, or where the platform has no
// tray, notified() is still emitted, which is what the tests observe.

#include "domain.h"

#include <QObject>
#include <QPointer>
#include <QSet>

class QSystemTrayIcon;

namespace Autopack {
class StoreNotifier;
}

namespace Autopack::Ui {

struct TrayNotification {
    enum class Kind { PhaseAwaitingApproval, RunEnded };
    Kind kind = Kind::PhaseAwaitingApproval;
    QString title;
    QString message;
    QString runId;
    qint64 runRowId = 0;
    QString phaseId; // empty for RunEnded
    qint64 phaseRowId = 0; // 0 for RunEnded
};

class TrayNotifier : public QObject
{
    Q_OBJECT
public:
    // `notifier` is not owned; the connections end with either object.
    explicit TrayNotifier(StoreNotifier *notifier, QObject *parent = nullptr);

    // Phase row ids waiting for a reviewer before this notifier started listening.
    void setAlreadyWaiting(const QSet<qint64> &phaseRowIds);

    // Shows each notification as a tray message; a click on the message emits
    // activated() with it. `tray` is not owned.
    void attachTray(QSystemTrayIcon *tray);

    // The last notification shown, the one a click on the tray message refers to.
    const TrayNotification &lastNotification() const { return m_last; }

Q_SIGNALS:
    void notified(const Autopack::Ui::TrayNotification &notification);
    void activated(const Autopack::Ui::TrayNotification &notification);

private:
    void phaseChanged(const Phase &phase);
    void eventAppended(const Event &event);
    void publish(const TrayNotification &notification);

    QSet<qint64> m_waiting; // phase row ids known to be waiting for a reviewer
    QPointer<QSystemTrayIcon> m_tray;
    TrayNotification m_last;
};

} // namespace Autopack::Ui

Q_DECLARE_METATYPE(Autopack::Ui::TrayNotification)
