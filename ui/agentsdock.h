#pragma once

// The Agents dock (issue 13). Above: the agents seen lately (AgentPresence: name, role,
// last request) and what each works on now (the store's active leases: run / phase and
// since when). Below: agent profiles kept in QSettings, each of which can run as a local
// `autopack agent` child process with a token of its role made for it, shown with its
// pid and its last output lines.
//
// Tokens: starting profile P creates a token named "window-P" (or "window-P-2", ... when
// that name was used before: the store keeps revoked names), after revoking any earlier
// window token of P still valid, whose plain text is gone; the token is revoked again
// once its runner has exited. The token reaches the child in AUTOPACK_TOKEN only.

#include "agentprofile.h"
#include "domain.h"

#include <QDockWidget>
#include <QHash>
#include <QPointer>
#include <QTimer>

#include <expected>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeView;
class QTreeWidget;
class QTreeWidgetItem;

namespace Autopack {
class Store;
}
namespace Autopack::Host {
class AgentPresence;
}

namespace Autopack::Ui {

class AgentsSeenModel;
class LocalRunner;

class AgentsDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit AgentsDock(QWidget *parent = nullptr);
    ~AgentsDock() override; // stops runners still running (bounded wait)

    // Tokens and leases come from `store` (not owned; must outlive the dock).
    void setStore(Store *store);
    // The agents seen (not owned; may go first).
    void setAgentPresence(Host::AgentPresence *presence);
    // The engine's listener, as EngineHost::listenAddress() gives it ("127.0.0.1:8765");
    // empty: no listener, nothing can be started.
    void setListenAddress(const QString &address);
    // What Start runs; default QCoreApplication::applicationFilePath().
    void setProgram(const QString &program) { m_program = program; }
    QString program() const;
    QString engineUrl() const; // "http://127.0.0.1:8765", or empty without a listener

    QList<AgentProfile> profiles() const { return m_profiles; }
    // Each saves the list to QSettings at once.
    void addProfile(const AgentProfile &profile);
    void replaceProfile(const QString &name, const AgentProfile &profile);
    void removeProfile(const QString &name);
    bool selectProfile(const QString &name);
    QString selectedProfile() const;

    std::expected<void, QString> startProfile(const QString &name);
    void stopProfile(const QString &name);
    // Asks every runner to stop, then waits for all of them together, at most their stop
    // timeout; what is left is killed. For the window closing.
    void stopAllRunners();
    LocalRunner *runner(const QString &name) const { return m_runners.value(name); }

    QTreeView *seenView() const { return m_seenView; }
    AgentsSeenModel *seenModel() const { return m_seen; }
    QTreeWidget *profilesView() const { return m_profilesView; }
    QPlainTextEdit *outputView() const { return m_output; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *editButton() const { return m_edit; }
    QPushButton *removeButton() const { return m_remove; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }
    QLabel *statusLabel() const { return m_status; }

private:
    void leaseChanged(const Lease &lease);
    void refreshSeen();
    void rebuildProfiles();
    void updateRow(const QString &name);
    void updateButtons();
    void showOutput();
    void save();
    void setStatus(const QString &text);
    void addClicked();
    void editClicked();
    std::expected<QString, QString> issueToken(const AgentProfile &profile, QString &tokenName);
    void runnerEnded(const QString &profileName);

    Store *m_store = nullptr;
    QPointer<Host::AgentPresence> m_presence;
    QString m_listenAddress;
    QString m_program;
    QList<AgentProfile> m_profiles;
    QHash<QString, LocalRunner *> m_runners; // by profile name; owned (children)
    QHash<QString, QString> m_tokens; // profile name → token name of its running runner
    QHash<qint64, Lease> m_leases; // active ones, by id
    AgentsSeenModel *m_seen;
    QTreeView *m_seenView;
    QTreeWidget *m_profilesView;
    QPlainTextEdit *m_output;
    QPushButton *m_add;
    QPushButton *m_edit;
    QPushButton *m_remove;
    QPushButton *m_start;
    QPushButton *m_stop;
    QLabel *m_status;
    QTimer m_seenRefresh; // coalesces the presence's and the leases' changes
    QTimer m_tick; // leases run out without a word
};

} // namespace Autopack::Ui
