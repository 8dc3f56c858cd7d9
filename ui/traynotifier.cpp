#include "traynotifier.h"

#include "storenotifier.h"
#include "uilog.h"

#include <QSystemTrayIcon>

namespace Autopack::Ui {

TrayNotifier::TrayNotifier(StoreNotifier *notifier, QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<TrayNotification>();
    if (!notifier)
        return;
    connect(notifier, &StoreNotifier::phaseChanged, this, &TrayNotifier::phaseChanged);
    connect(notifier, &StoreNotifier::eventAppended, this, &TrayNotifier::eventAppended);
}

void TrayNotifier::setAlreadyWaiting(const QSet<qint64> &phaseRowIds)
{
    m_waiting = phaseRowIds;
}

void TrayNotifier::attachTray(QSystemTrayIcon *tray)
{
    if (m_tray)
        disconnect(m_tray, nullptr, this, nullptr);
    m_tray = tray;
    if (tray)
        connect(tray, &QSystemTrayIcon::messageClicked, this, [this] { Q_EMIT activated(m_last); });
}

void TrayNotifier::phaseChanged(const Phase &phase)
{
    const bool waiting = phase.state == PhaseState::Gate && phase.awaitingReviewer;
    if (!waiting) {
        m_waiting.remove(phase.id);
        return;
    }
    if (m_waiting.contains(phase.id))
        return;
    m_waiting.insert(phase.id);
    TrayNotification n;
    n.kind = TrayNotification::Kind::PhaseAwaitingApproval;
    n.title = tr("Phase %1 needs approval").arg(phase.phaseId);
    n.message = tr("%1 (run %2, tier %3) is waiting at its gate for a reviewer.")
                    .arg(phase.name.isEmpty() ? phase.phaseId : phase.name, phase.runId, phase.tierId);
    n.runId = phase.runId;
    n.runRowId = phase.runRowId;
    n.phaseId = phase.phaseId;
    n.phaseRowId = phase.id;
    publish(n);
}

void TrayNotifier::eventAppended(const Event &event)
{
    if (event.entityKind != EntityKind::Run)
        return;
    const auto to = runStateFromString(event.toState);
    const auto from = runStateFromString(event.fromState);
    // Only the transition into the end: later facts about an ended run are not news.
    if (!to || !isTerminal(*to) || (from && isTerminal(*from)))
        return;
    TrayNotification n;
    n.kind = TrayNotification::Kind::RunEnded;
    n.title = *to == RunState::DoneSuccess ? tr("Run %1 succeeded").arg(event.runId)
                                           : tr("Run %1 ended: %2").arg(event.runId, event.toState);
    n.message = event.reason.isEmpty() ? event.toState : event.reason;
    n.runId = event.runId;
    n.runRowId = event.entityRowId;
    publish(n);
}

void TrayNotifier::publish(const TrayNotification &notification)
{
    m_last = notification;
    qCInfo(lcUi).noquote() << "notification:" << notification.title;
    if (m_tray && m_tray->isVisible()) {
        const auto icon = notification.kind == TrayNotification::Kind::RunEnded ? QSystemTrayIcon::Information
                                                                                : QSystemTrayIcon::Warning;
        m_tray->showMessage(notification.title, notification.message, icon);
    }
    Q_EMIT notified(notification);
}

} // namespace Autopack::Ui
