#pragma once

// Turns SIGTERM/SIGINT into a Qt signal on the thread that owns the watcher, so the
// headless engine can stop cleanly (finish the current transaction, close the
// listener) instead of dying inside a write. Uses the self-pipe pattern: the signal
// handler only writes one byte, which is async-signal-safe.

#include <QObject>

class QSocketNotifier;

namespace Autopack::Cli {

class UnixSignalWatcher : public QObject
{
    Q_OBJECT
public:
    // Installs handlers for SIGTERM and SIGINT. Only one watcher may exist at a time.
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void stopRequested(int signalNumber);

private:
    void readSignal();

    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Autopack::Cli
