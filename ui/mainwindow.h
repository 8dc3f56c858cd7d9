#pragma once

// The control center's main window (issue 8): run tree (left dock), centre tabs
// Board / Review / Issues / Activity, details of the selection (right dock), toolbar,
// menus and status bar, and the reviewer's actions (approve, reject with a reason,
// request audit, cancel run with confirmation, resolve issue), each disabled with a
// tooltip saying why when the selection does not allow it.
//
// Live: the item models follow the store's notifier row by row, so selection, scroll
// position and expanded branches survive every change; nothing here resets them.

#include "domain.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <expected>
#include <memory>

class QAbstractItemModel;
class QAction;
class QMenu;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QComboBox;
class QStandardItemModel;
class QSystemTrayIcon;
class QTableView;
class QTabWidget;
class QTreeView;

namespace Autopack {
class PhaseBoardModel;
class RunTreeModel;
class Store;
} // namespace Autopack

namespace Autopack::Host {
class AgentPresence;
}

namespace Autopack::Ui {

class AgentsDock;
class BoardView;
class DetailsPanel;
class ReviewerActions;
class RequestLogView;
class ReviewFlowActions;
class RunCreator;
class TrayNotifier;
class TranscriptView;
class RunTreeFilterProxy;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows `store` (not owned; must outlive the window): follows its notifier, then
    // reads its snapshot. Reviewer actions go through `actions` (not owned); without
    // them the actions stay disabled and say so.
    std::expected<void, QString> setStore(Store &store, ReviewerActions *actions);

    // "New run…" creates runs through `creator` (not owned; null: the dialog previews
    // but cannot create, and says so).
    void setRunCreator(RunCreator *creator) { m_runCreator = creator; }
    // The Review tab's approve/reject-with-comments/promote go through `flow` (not owned;
    // null: the reviewer actions are adapted, and promotion is not offered there).
    void setReviewFlowActions(ReviewFlowActions *flow) { m_reviewFlow = flow; }
    TrayNotifier *trayNotifier() const { return m_trayNotifier; }
    QAction *newRunAction() const { return m_newRun; }
    QAction *addProjectAction() const { return m_addProject; }
    QAction *editProjectAction() const { return m_editProject; }
    // Selects the run in the tree; false if unknown or filtered out.
    bool selectRun(qint64 runRowId);

    // Shown in the status bar; empty address: the listener is not running.
    void setListenerStatus(const QString &address, int connectedAgents);
    // The API tab shows `model` (not owned; must outlive the window), columns as
    // Host::RequestLogModel's. The tab exists only once a model is set; null removes it.
    // Clicking the listener status opens it.
    void setRequestLog(QAbstractItemModel *model);
    RequestLogView *requestLogView() const { return m_requestLog; }
    // The Agents dock lists the agents `presence` has seen (not owned; may go first).
    // Its local runners reach the engine at the address of setListenerStatus().
    void setAgentPresence(Host::AgentPresence *presence);
    AgentsDock *agentsDock() const { return m_agentsDock; }
    TranscriptView *transcriptView() const { return m_transcript; }

    QTreeView *runTree() const { return m_runTree; }
    RunTreeFilterProxy *runTreeProxy() const { return m_treeProxy; }
    RunTreeModel *runTreeModel() const { return m_treeModel.get(); }
    PhaseBoardModel *boardModel() const { return m_boardModel.get(); }
    BoardView *board() const { return m_board; }
    DetailsPanel *details() const { return m_details; }
    QLineEdit *filterEdit() const { return m_filter; }
    QTabWidget *tabs() const { return m_tabs; }
    QTableView *issuesView() const { return m_issuesView; }
    QTableView *activityView() const { return m_activityView; }
    QPlainTextEdit *reviewText() const { return m_reviewText; }
    QAction *approveAction() const { return m_approve; }
    QAction *rejectAction() const { return m_reject; }
    QAction *requestAuditAction() const { return m_audit; }
    QAction *cancelRunAction() const { return m_cancel; }
    QAction *resolveIssueAction() const { return m_resolve; }
    int gatesWaiting() const { return m_gatesWaiting; }

    // Selects the phase in the tree (and, when shown, on the board); false if unknown
    // or filtered out.
    bool selectPhase(qint64 phaseRowId);

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // What the reviewer's actions apply to.
    struct Target {
        qint64 projectId = 0;
        QString runId;
        QString tierId;
        QString phaseId;
        QString candidateCommit; // of the phase, as last shown to the reviewer
        QString issueKey; // from the Issues tab
        qint64 issueProjectId = 0;
    };

    void createActions();
    void createMenus();
    void createDocks();
    void sizeDocksForFirstStart();
    void sizeTreeColumns();
    void expandActive(const QModelIndex &proxyParent, int first, int last);
    void treeSelectionChanged();
    void boardCardChanged(const QModelIndex &boardIndex);
    void updateActions();
    void updateBoardFilterChoices();
    void applyBoardFilter();
    void countGates();
    void reloadIssues();
    void loadActivity();
    void prependEvent(const Event &event);
    void showReview();
    void showTarget();
    void showContextMenu(const QPoint &globalPos);

    void approve();
    void reject();
    void requestAudit();
    void cancelRun();
    void resolveIssue();
    void reportResult(const QString &what, const std::expected<void, QString> &result);
    void addProject();
    void editProject();
    void newRun();
    void startNotifications(Store &store);

    Store *m_store = nullptr;
    ReviewerActions *m_actions = nullptr;
    std::unique_ptr<RunTreeModel> m_treeModel;
    std::unique_ptr<PhaseBoardModel> m_boardModel;
    RunTreeFilterProxy *m_treeProxy;
    QTreeView *m_runTree;
    QLineEdit *m_filter;
    QTabWidget *m_tabs;
    BoardView *m_board;
    QComboBox *m_boardProject;
    QComboBox *m_boardRun;
    QComboBox *m_boardTier;
    QLabel *m_reviewHeader;
    QPlainTextEdit *m_reviewText;
    QTableView *m_issuesView;
    QStandardItemModel *m_issuesModel;
    QTableView *m_activityView;
    QStandardItemModel *m_activityModel;
    DetailsPanel *m_details;
    TranscriptView *m_transcript; // under the details, for the selected phase
    AgentsDock *m_agentsDock;
    QLabel *m_dbLabel;
    QLabel *m_gatesLabel;
    QLabel *m_listenerLabel;
    RequestLogView *m_requestLog = nullptr; // the API tab, once setRequestLog() gave it a model
    QAction *m_showRequestLog = nullptr; // View menu entry of the API tab
    QMenu *m_viewMenu = nullptr;
    QAction *m_approve = nullptr;
    QAction *m_reject = nullptr;
    QAction *m_audit = nullptr;
    QAction *m_cancel = nullptr;
    QAction *m_resolve = nullptr;
    QAction *m_focusFilter = nullptr;
    QAction *m_newRun = nullptr;
    QAction *m_addProject = nullptr;
    QAction *m_editProject = nullptr;
    RunCreator *m_runCreator = nullptr;
    ReviewFlowActions *m_reviewFlow = nullptr;
    TrayNotifier *m_trayNotifier = nullptr;
    QSystemTrayIcon *m_tray = nullptr; // only where the platform has a tray
    Target m_target;
    int m_gatesWaiting = 0;
    bool m_syncingSelection = false; // tree and board follow each other, once
    bool m_dockStateApplied = false; // saved dock layout (or first-start widths), on the first show
    QTimer m_gateCount; // coalesces recounts of waiting gates
    QTimer m_issuesReload; // coalesces backlog reloads
    QTimer m_actionsUpdate; // coalesces re-checks of the actions' legality
    QString m_reviewShownFor; // "run/phase/commit" of the patch shown
};

} // namespace Autopack::Ui
