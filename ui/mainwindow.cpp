#include "mainwindow.h"

#include "agentsdock.h"
#include "boardview.h"
#include "detailspanel.h"
#include "kateprocesshighlighter.h"
#include "newrundialog.h"
#include "phaseboardmodel.h"
#include "projectdialog.h"
#include "rejectdialog.h"
#include "requestlogview.h"
#include "reviewdiff.h"
#include "revieweractions.h"
#include "revieweractionsflow.h"
#include "reviewpanel.h"
#include "runtreedelegate.h"
#include "runtreefilterproxy.h"
#include "runtreemodel.h"
#include "statestyle.h"
#include "store.h"
#include "transcriptview.h"
#include "traynotifier.h"
#include "uilog.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QShowEvent>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace Autopack::Ui {

namespace {

constexpr int kActivityRows = 1000; // newest events kept in the Activity tab

enum IssueColumn {
    IssueProject,
    IssueKey,
    IssueCategory,
    IssueSeverity,
    IssueEffective,
    IssueRuns,
    IssueTiers,
    IssueLastRun,
    IssueLastSeen,
    IssueStatus,
    IssueColumnCount
};

enum IssueRole { IssueProjectIdRole = Qt::UserRole + 1, IssueKeyRole };

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_treeProxy(new RunTreeFilterProxy(this))
    , m_runTree(new QTreeView(this))
    , m_filter(new QLineEdit(this))
    , m_tabs(new QTabWidget(this))
    , m_board(new BoardView(this))
    , m_boardProject(new QComboBox(this))
    , m_boardRun(new QComboBox(this))
    , m_boardTier(new QComboBox(this))
    , m_reviewHeader(new QLabel(this))
    , m_reviewText(new QPlainTextEdit(this))
    , m_issuesView(new QTableView(this))
    , m_issuesModel(new QStandardItemModel(0, IssueColumnCount, this))
    , m_activityView(new QTableView(this))
    , m_activityModel(new QStandardItemModel(0, 5, this))
    , m_details(new DetailsPanel(this))
    , m_transcript(new TranscriptView(this))
    , m_agentsDock(new AgentsDock(this))
    , m_dbLabel(new QLabel(this))
    , m_gatesLabel(new QLabel(this))
    , m_listenerLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Autopack Control Center"));

    // Run tree: uniform heights and no animation keep a 100k-row tree cheap.
    m_runTree->setObjectName(QStringLiteral("runTree"));
    m_runTree->setUniformRowHeights(true);
    m_runTree->setAnimated(false);
    m_runTree->setAlternatingRowColors(true);
    m_runTree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runTree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_runTree->setItemDelegate(new RunTreeDelegate(m_runTree));
    m_runTree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_runTree->header()->setStretchLastSection(false);
    m_runTree->setModel(m_treeProxy);
    m_filter->setObjectName(QStringLiteral("filterEdit"));
    m_filter->setPlaceholderText(tr("Filter by id, name, state or category"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_treeProxy, &RunTreeFilterProxy::setFilterText);
    connect(m_runTree, &QWidget::customContextMenuRequested, this,
        [this](const QPoint &pos) { showContextMenu(m_runTree->viewport()->mapToGlobal(pos)); });
    connect(m_treeProxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::expandActive);
    // A cleared filter shows rows again: open the active ones as when they first came.
    connect(m_treeProxy, &QAbstractItemModel::layoutChanged, this,
        [this] { expandActive({}, 0, m_treeProxy->rowCount() - 1); });

    // Board tab: filter bar above the columns.
    auto *boardPage = new QWidget(this);
    auto *boardLayout = new QVBoxLayout(boardPage);
    boardLayout->setContentsMargins(0, 4, 0, 0);
    auto *filterBar = new QHBoxLayout;
    const auto addCombo = [&](const QString &label, QComboBox *combo, const QString &name) {
        auto *l = new QLabel(label, boardPage);
        l->setBuddy(combo);
        combo->setObjectName(name);
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        filterBar->addWidget(l);
        filterBar->addWidget(combo);
    };
    addCombo(tr("&Project:"), m_boardProject, QStringLiteral("boardProject"));
    addCombo(tr("R&un:"), m_boardRun, QStringLiteral("boardRun"));
    addCombo(tr("&Tier:"), m_boardTier, QStringLiteral("boardTier"));
    filterBar->addStretch(1);
    boardLayout->addLayout(filterBar);
    boardLayout->addWidget(m_board, 1);
    connect(m_boardProject, &QComboBox::activated, this, [this] {
        updateBoardFilterChoices();
        applyBoardFilter();
    });
    connect(m_boardRun, &QComboBox::activated, this, [this] {
        updateBoardFilterChoices();
        applyBoardFilter();
    });
    connect(m_boardTier, &QComboBox::activated, this, &MainWindow::applyBoardFilter);
    connect(m_board, &BoardView::currentCardChanged, this, &MainWindow::boardCardChanged);
    connect(m_board, &BoardView::contextMenuRequested, this, &MainWindow::showContextMenu);

    // Review tab: the selected phase's candidate commit as patch text.
    auto *reviewPage = new QWidget(this);
    auto *reviewLayout = new QVBoxLayout(reviewPage);
    m_reviewHeader->setObjectName(QStringLiteral("reviewHeader"));
    m_reviewHeader->setWordWrap(true);
    m_reviewHeader->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reviewText->setObjectName(QStringLiteral("reviewText"));
    m_reviewText->setReadOnly(true);
    m_reviewText->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_reviewText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // The review panel (issue 9) is made in showReview() once a store is set; the patch
    // text stays beside it for copying the candidate as one patch.
    auto *reviewViews = new QTabWidget(reviewPage);
    reviewViews->setObjectName(QStringLiteral("reviewViews"));
    auto *reviewPanelHost = new QWidget(reviewViews);
    reviewPanelHost->setObjectName(QStringLiteral("reviewPanelHost"));
    new QVBoxLayout(reviewPanelHost);
    reviewViews->addTab(reviewPanelHost, tr("Diff and review"));
    reviewViews->addTab(m_reviewText, tr("Patch text"));
    reviewLayout->addWidget(m_reviewHeader);
    reviewLayout->addWidget(reviewViews, 1);

    // Issues tab: the project backlog.
    m_issuesView->setObjectName(QStringLiteral("issuesView"));
    m_issuesModel->setHorizontalHeaderLabels({ tr("Project"), tr("Issue"), tr("Category"), tr("Severity"),
        tr("Effective"), tr("Runs"), tr("Tiers"), tr("Last run"), tr("Last seen"), tr("Status") });
    m_issuesView->setModel(m_issuesModel);
    m_issuesView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_issuesView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_issuesView->setSortingEnabled(true);
    m_issuesView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_issuesView->verticalHeader()->hide();
    m_issuesView->horizontalHeader()->setSectionResizeMode(IssueKey, QHeaderView::Stretch);
    m_issuesView->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_issuesView, &QWidget::customContextMenuRequested, this,
        [this](const QPoint &pos) { showContextMenu(m_issuesView->viewport()->mapToGlobal(pos)); });
    connect(m_issuesView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            m_target.issueKey = current.siblingAtColumn(0).data(IssueKeyRole).toString();
            m_target.issueProjectId = current.siblingAtColumn(0).data(IssueProjectIdRole).toLongLong();
            updateActions();
        });

    // Activity tab: the event log, newest first.
    m_activityView->setObjectName(QStringLiteral("activityView"));
    m_activityModel->setHorizontalHeaderLabels({ tr("Time"), tr("Run"), tr("Entity"), tr("Change"), tr("Reason") });
    m_activityView->setModel(m_activityModel);
    m_activityView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_activityView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_activityView->verticalHeader()->hide();
    m_activityView->verticalHeader()->setDefaultSectionSize(m_activityView->fontMetrics().height() + 6);
    m_activityView->horizontalHeader()->setStretchLastSection(true);
    {
        // Widths from sample texts: the log grows live, so no ResizeToContents.
        const QFontMetrics fm(m_activityView->font());
        const QString samples[] = { QStringLiteral("2026-01-01 00:00:00"), QStringLiteral("shop-1120-regressions"),
            QStringLiteral("phase P1.2"), QStringLiteral("PHASE_EXECUTION → GATE") };
        for (int c = 0; c < int(std::size(samples)); ++c)
            m_activityView->setColumnWidth(
                c, fm.horizontalAdvance(samples[c]) + 2 * fm.horizontalAdvance(QLatin1Char('M')));
    }

    m_tabs->setObjectName(QStringLiteral("centreTabs"));
    m_tabs->addTab(boardPage, tr("&Board"));
    m_tabs->addTab(reviewPage, tr("&Review"));
    m_tabs->addTab(m_issuesView, tr("&Issues"));
    m_tabs->addTab(m_activityView, tr("&Activity"));
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentIndex() == 1)
            showReview();
    });

    createActions();
    createDocks();
    createMenus();
    // Quitting without closing the window (SIGTERM, the tray): the runners stop while the
    // engine still answers their leases' release.
    connect(qApp, &QCoreApplication::aboutToQuit, m_agentsDock, &AgentsDock::stopAllRunners);

    m_dbLabel->setObjectName(QStringLiteral("dbLabel"));
    m_gatesLabel->setObjectName(QStringLiteral("gatesLabel"));
    m_listenerLabel->setObjectName(QStringLiteral("listenerLabel"));
    statusBar()->addWidget(m_dbLabel, 1);
    statusBar()->addPermanentWidget(m_gatesLabel);
    statusBar()->addPermanentWidget(m_listenerLabel);
    m_listenerLabel->installEventFilter(this); // a click opens the API tab, once there is one
    setListenerStatus({}, 0);

    for (QTimer *timer : { &m_gateCount, &m_issuesReload, &m_actionsUpdate }) {
        timer->setSingleShot(true);
        timer->setInterval(50);
    }
    connect(&m_gateCount, &QTimer::timeout, this, &MainWindow::countGates);
    connect(&m_issuesReload, &QTimer::timeout, this, &MainWindow::reloadIssues);
    connect(&m_actionsUpdate, &QTimer::timeout, this, &MainWindow::updateActions);

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainwindow/geometry")).toByteArray())) {
        // First start: never larger than the screen, or on a 1280×720 display the
        // details dock and the status bar would lie beyond its edge.
        QSize size(1400, 840);
        if (const QScreen *screen = this->screen())
            size = size.boundedTo(screen->availableGeometry().size());
        resize(size);
    }
    // The dock layout is restored on the first show (see showEvent()).
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("mainwindow/tab"), 0).toInt());
    updateActions();
    showReview();
}

MainWindow::~MainWindow()
{
    // Views first: they hold the proxies, which hold the models.
    m_runTree->setModel(nullptr);
    m_treeProxy->setSourceModel(nullptr);
    m_board->setBoardModel(nullptr);
}

void MainWindow::createDocks()
{
    auto *treeDock = new QDockWidget(tr("Runs"), this);
    treeDock->setObjectName(QStringLiteral("runsDock"));
    auto *treePage = new QWidget(treeDock);
    auto *treeLayout = new QVBoxLayout(treePage);
    treeLayout->setContentsMargins(2, 2, 2, 2);
    treeLayout->addWidget(m_filter);
    treeLayout->addWidget(m_runTree, 1);
    treeDock->setWidget(treePage);
    addDockWidget(Qt::LeftDockWidgetArea, treeDock);

    auto *detailsDock = new QDockWidget(tr("Details"), this);
    detailsDock->setObjectName(QStringLiteral("detailsDock"));
    // The selected phase's agent transcript sits under its details (issue 13).
    auto *detailsSplitter = new QSplitter(Qt::Vertical, detailsDock);
    detailsSplitter->setObjectName(QStringLiteral("detailsSplitter"));
    detailsSplitter->addWidget(m_details);
    detailsSplitter->addWidget(m_transcript);
    detailsSplitter->setStretchFactor(0, 1);
    detailsSplitter->setStretchFactor(1, 1);
    m_details->setTranscriptView(m_transcript);
    detailsDock->setWidget(detailsSplitter);
    addDockWidget(Qt::RightDockWidgetArea, detailsDock);

    // Agents (issue 13): a tab beside the run tree, where there is room for its columns.
    addDockWidget(Qt::LeftDockWidgetArea, m_agentsDock);
    tabifyDockWidget(treeDock, m_agentsDock);
    treeDock->raise();
}

// The saved dock layout is applied here rather than in the constructor: restored
// before the window had its size, the tabbed Runs/Agents area came back at its minimum
// width whatever width was saved. Without a saved layout (a first start) the docks get
// default widths, now that the window's width is known.
void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_dockStateApplied)
        return;
    m_dockStateApplied = true;
    if (!restoreState(QSettings().value(QStringLiteral("mainwindow/state")).toByteArray()))
        sizeDocksForFirstStart();
}

// First start only. The details dock shows a phase's transcript, whose text column is
// what is left beside its time and kind: about a third of the window leaves it some
// 35 characters at 1280 pixels, 40 at 1400. The run tree (and the Agents tab beside it)
// gets its name, state and progress columns where that fits in a third. The board takes
// the rest and scrolls sideways.
void MainWindow::sizeDocksForFirstStart()
{
    auto *runs = findChild<QDockWidget *>(QStringLiteral("runsDock"));
    auto *details = findChild<QDockWidget *>(QStringLiteral("detailsDock"));
    if (!runs || !details)
        return;
    const int w = width();
    const QHeaderView *header = m_runTree->header();
    const int tree = header->sectionSize(RunTreeModel::NameColumn) + header->sectionSize(RunTreeModel::StateColumn)
        + header->sectionSize(RunTreeModel::ProgressColumn) + 30; // frame and scroll bar
    const int detailsWidth = std::clamp(w * 34 / 100, std::min(360, w / 3), 560);
    resizeDocks({ runs, details }, { std::min(tree, w * 32 / 100), detailsWidth }, Qt::Horizontal);
}

void MainWindow::createActions()
{
    const auto make = [this](const QString &text, Tone tone, const QKeySequence &shortcut, const QString &name,
                          void (MainWindow::*slot)()) {
        auto *action = new QAction(toneIcon(tone, palette(), 22), text, this);
        action->setObjectName(name);
        action->setShortcut(shortcut);
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        return action;
    };
    m_approve = make(tr("&Approve"), Tone::Good, QKeySequence(tr("Ctrl+Shift+A")), QStringLiteral("approveAction"),
        &MainWindow::approve);
    m_reject = make(tr("&Reject…"), Tone::Bad, QKeySequence(tr("Ctrl+Shift+R")), QStringLiteral("rejectAction"),
        &MainWindow::reject);
    m_audit = make(tr("Request a&udit…"), Tone::Waiting, QKeySequence(tr("Ctrl+Shift+U")),
        QStringLiteral("requestAuditAction"), &MainWindow::requestAudit);
    m_cancel = make(tr("&Cancel run…"), Tone::Skipped, QKeySequence(tr("Ctrl+Shift+K")),
        QStringLiteral("cancelRunAction"), &MainWindow::cancelRun);
    m_resolve = make(tr("Re&solve issue"), Tone::Good, QKeySequence(tr("Ctrl+Shift+S")),
        QStringLiteral("resolveIssueAction"), &MainWindow::resolveIssue);
    m_focusFilter = new QAction(tr("&Find…"), this);
    m_focusFilter->setShortcut(QKeySequence::Find);
    connect(m_focusFilter, &QAction::triggered, this, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });

    m_newRun = new QAction(tr("&New run…"), this);
    m_newRun->setObjectName(QStringLiteral("newRunAction"));
    m_newRun->setShortcut(QKeySequence::New);
    m_newRun->setStatusTip(tr("Start a run from a plan JSON file, with a preview of its strategy"));
    connect(m_newRun, &QAction::triggered, this, &MainWindow::newRun);
    m_addProject = new QAction(tr("&Add project…"), this);
    m_addProject->setObjectName(QStringLiteral("addProjectAction"));
    m_addProject->setStatusTip(tr("Register a git repository as a project"));
    connect(m_addProject, &QAction::triggered, this, &MainWindow::addProject);
    m_editProject = new QAction(tr("&Edit project…"), this);
    m_editProject->setObjectName(QStringLiteral("editProjectAction"));
    m_editProject->setStatusTip(tr("Edit the selected project's base branch, ruleset and CI commands"));
    connect(m_editProject, &QAction::triggered, this, &MainWindow::editProject);

    auto *toolbar = addToolBar(tr("Review"));
    toolbar->setObjectName(QStringLiteral("reviewToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_approve);
    toolbar->addAction(m_reject);
    toolbar->addAction(m_audit);
    toolbar->addSeparator();
    toolbar->addAction(m_cancel);
    toolbar->addSeparator();
    toolbar->addAction(m_resolve);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newRun);
    file->addSeparator();
    QMenu *projects = file->addMenu(tr("&Projects"));
    projects->addAction(m_addProject);
    projects->addAction(m_editProject);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_focusFilter);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_viewMenu = view;
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());
    for (QToolBar *bar : findChildren<QToolBar *>())
        view->addAction(bar->toggleViewAction());
    view->addSeparator();
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction *tab = view->addAction(
            m_tabs->tabText(i).remove(QLatin1Char('&')), this, [this, i] { m_tabs->setCurrentIndex(i); });
        tab->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu *review = menuBar()->addMenu(tr("&Review"));
    review->addAction(m_approve);
    review->addAction(m_reject);
    review->addAction(m_audit);
    review->addSeparator();
    review->addAction(m_cancel);
    review->addAction(m_resolve);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Autopack"), this, [this] {
        QMessageBox::about(this, tr("About Autopack"),
            tr("<h3>Autopack Control Center %1</h3>"
               "<p>Supervises autonomous coding agents: runs, tiers and phases, gated "
               "approvals, governed git apply, CI and budgets.</p>"
               "<p>Built with Qt %2.</p>")
                .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion())));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

std::expected<void, QString> MainWindow::setStore(Store &store, ReviewerActions *actions)
{
    m_store = &store;
    m_actions = actions;
    auto tree = std::make_unique<RunTreeModel>();
    auto board = std::make_unique<PhaseBoardModel>();
    // Notifier first, then the snapshot: a change committed in between is applied
    // afterwards, or ignored as older than the snapshot's row.
    tree->setNotifier(store.notifier());
    board->setNotifier(store.notifier());
    const auto snapshot = store.snapshot();
    if (!snapshot)
        return std::unexpected(snapshot.error().message);
    tree->setSnapshot(*snapshot);
    board->setSnapshot(*snapshot);

    m_runTree->setModel(nullptr);
    m_treeProxy->setSourceModel(tree.get());
    m_board->setBoardModel(board.get());
    m_treeModel = std::move(tree);
    m_boardModel = std::move(board);
    PhaseBoardModel *boardModel = m_boardModel.get();
    m_treeProxy->setCategoryLookup([boardModel](qint64 phaseRowId) {
        return boardModel->cardIndex(phaseRowId).data(PhaseBoardModel::TaskCategoryRole).toString();
    });
    m_runTree->setModel(m_treeProxy);
    // Sort indicator -1: the model's own order until the user clicks a header.
    m_runTree->header()->setSortIndicator(-1, Qt::AscendingOrder);
    m_runTree->setSortingEnabled(true);
    sizeTreeColumns();
    expandActive({}, 0, m_treeProxy->rowCount() - 1);
    connect(
        m_runTree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::treeSelectionChanged);

    connect(boardModel, &QAbstractItemModel::rowsInserted, &m_gateCount, qOverload<>(&QTimer::start));
    connect(boardModel, &QAbstractItemModel::rowsRemoved, &m_gateCount, qOverload<>(&QTimer::start));
    connect(boardModel, &QAbstractItemModel::rowsMoved, &m_gateCount, qOverload<>(&QTimer::start));
    connect(boardModel, &QAbstractItemModel::dataChanged, &m_gateCount, qOverload<>(&QTimer::start));
    connect(boardModel, &QAbstractItemModel::modelReset, &m_gateCount, qOverload<>(&QTimer::start));
    connect(m_treeModel.get(), &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent) {
        if (!parent.isValid() || !parent.parent().isValid())
            updateBoardFilterChoices();
    });

    StoreNotifier *n = store.notifier();
    // Whatever changes, the legality of the actions may have too.
    connect(n, &StoreNotifier::phaseChanged, &m_actionsUpdate, qOverload<>(&QTimer::start));
    connect(n, &StoreNotifier::runChanged, &m_actionsUpdate, qOverload<>(&QTimer::start));
    connect(n, &StoreNotifier::issueRecorded, &m_issuesReload, qOverload<>(&QTimer::start));
    connect(n, &StoreNotifier::projectChanged, &m_issuesReload, qOverload<>(&QTimer::start));
    connect(n, &StoreNotifier::eventAppended, this, &MainWindow::prependEvent);
    connect(n, &StoreNotifier::phaseChanged, this, [this](const Phase &phase) {
        if (phase.runId == m_target.runId && phase.phaseId == m_target.phaseId && m_tabs->currentIndex() == 1)
            showReview();
    });

    m_details->setStore(&store);
    m_agentsDock->setStore(&store);
    m_dbLabel->setText(tr("Database: %1").arg(QDir::toNativeSeparators(store.path())));
    m_dbLabel->setToolTip(m_dbLabel->text());
    updateBoardFilterChoices();
    countGates();
    startNotifications(store);
    reloadIssues();
    loadActivity();
    updateActions();
    return {};
}

void MainWindow::setAgentPresence(Host::AgentPresence *presence) { m_agentsDock->setAgentPresence(presence); }

void MainWindow::setListenerStatus(const QString &address, int connectedAgents)
{
    m_agentsDock->setListenAddress(address);
    m_listenerLabel->setText(address.isEmpty()
            ? tr("API listener: off")
            : tr("API %1 · %n agent(s) connected", nullptr, connectedAgents).arg(address));
}

void MainWindow::setRequestLog(QAbstractItemModel *model)
{
    if (!model) {
        delete m_requestLog; // removes its tab
        m_requestLog = nullptr;
        delete m_showRequestLog;
        m_showRequestLog = nullptr;
        m_listenerLabel->unsetCursor();
        m_listenerLabel->setToolTip({});
        return;
    }
    if (m_requestLog) {
        m_requestLog->setModel(model);
        return;
    }
    m_requestLog = new RequestLogView(model, m_tabs);
    const int index = m_tabs->addTab(m_requestLog, tr("&API"));
    m_showRequestLog = new QAction(tr("API"), this);
    m_showRequestLog->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + index)));
    connect(m_showRequestLog, &QAction::triggered, this, [this] { m_tabs->setCurrentWidget(m_requestLog); });
    m_viewMenu->addAction(m_showRequestLog);
    m_listenerLabel->setCursor(Qt::PointingHandCursor);
    m_listenerLabel->setToolTip(tr("Show the API's request log"));
    // The tab did not exist when the window restored the last one shown.
    if (QSettings().value(QStringLiteral("mainwindow/tab")).toInt() == index)
        m_tabs->setCurrentIndex(index);
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_listenerLabel && event->type() == QEvent::MouseButtonRelease && m_requestLog) {
        m_tabs->setCurrentWidget(m_requestLog);
        return true;
    }
    return QMainWindow::eventFilter(watched, event);
}

// Fixed, user-resizable widths from sample texts rather than ResizeToContents, which
// would measure rows again on every change the store reports.
void MainWindow::sizeTreeColumns()
{
    QHeaderView *header = m_runTree->header();
    const QFontMetrics metrics(m_runTree->font());
    const QString samples[] = {
        QString(),
        // A usual state; the longest (DONE_FAILED_REQUIRES_HUMAN_REVIEW) elides, its
        // icon and tooltip still tell it, and the budget columns stay in view.
        toString(RunState::PhaseExecution),
        QStringLiteral("25/25"),
        QStringLiteral("over: 10.5M / 12M"),
        QStringLiteral("999"),
        QStringLiteral("999"),
        QStringLiteral("2026-01-01 00:00"),
    };
    const int padding = 3 * metrics.horizontalAdvance(QLatin1Char('M')) / 2;
    for (int column = 0; column < header->count(); ++column) {
        if (column == RunTreeModel::NameColumn) {
            header->setSectionResizeMode(column, QHeaderView::Interactive);
            header->resizeSection(column,
                metrics.horizontalAdvance(QStringLiteral("shop-1120-regressions")) + padding
                    + 2 * m_runTree->indentation());
            continue;
        }
        header->setSectionResizeMode(column, QHeaderView::Interactive);
        const QString title = m_treeProxy->headerData(column, Qt::Horizontal).toString();
        const QString sample = column < int(std::size(samples)) ? samples[column] : QString();
        int width = std::max(metrics.horizontalAdvance(title), metrics.horizontalAdvance(sample)) + padding;
        if (column == RunTreeModel::StateColumn)
            width += 20; // the state icon
        header->resizeSection(column, width);
    }
    header->setMinimumSectionSize(metrics.horizontalAdvance(QStringLiteral("999")) + padding);
}

// Projects and unfinished runs open; finished runs stay closed so the tree shows what
// is happening now. Only the new rows are visited, one expand() each.
void MainWindow::expandActive(const QModelIndex &parent, int first, int last)
{
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = m_treeProxy->index(row, 0, parent);
        const auto kind = RunTreeModel::NodeKind(index.data(RunTreeModel::NodeKindRole).toInt());
        if (kind == RunTreeModel::NodeKind::Project) {
            m_runTree->expand(index);
            expandActive(index, 0, m_treeProxy->rowCount(index) - 1);
        } else if (kind == RunTreeModel::NodeKind::Run
            && !isTerminal(RunState(index.data(RunTreeModel::StateRole).toInt()))) {
            m_runTree->expand(index);
        }
    }
}

void MainWindow::treeSelectionChanged()
{
    const QModelIndex current = m_runTree->currentIndex();
    const QString issueKey = m_target.issueKey;
    const qint64 issueProject = m_target.issueProjectId;
    m_target = {};
    m_target.issueKey = issueKey;
    m_target.issueProjectId = issueProject;
    if (current.isValid()) {
        m_target.projectId = current.data(RunTreeModel::ProjectIdRole).toLongLong();
        m_target.runId = current.data(RunTreeModel::RunIdRole).toString();
        m_target.tierId = current.data(RunTreeModel::TierIdRole).toString();
        m_target.phaseId = current.data(RunTreeModel::PhaseIdRole).toString();
    }
    // The board shows the same phase as current, when its filter lets it.
    if (!m_syncingSelection && !m_target.phaseId.isEmpty() && m_boardModel) {
        m_syncingSelection = true;
        m_board->selectCard(m_boardModel->cardIndex(current.data(RunTreeModel::RowIdRole).toLongLong()));
        m_syncingSelection = false;
    }
    showTarget();
}

void MainWindow::boardCardChanged(const QModelIndex &boardIndex)
{
    if (!boardIndex.isValid() || m_syncingSelection)
        return;
    m_syncingSelection = true;
    const auto done = qScopeGuard([this] { m_syncingSelection = false; });
    // The tree follows the board when it shows the phase; the board stays as it is.
    if (selectPhase(boardIndex.data(PhaseBoardModel::RowIdRole).toLongLong()))
        return;
    m_target.projectId = boardIndex.data(PhaseBoardModel::ProjectIdRole).toLongLong();
    m_target.runId = boardIndex.data(PhaseBoardModel::RunIdRole).toString();
    m_target.tierId = boardIndex.data(PhaseBoardModel::TierIdRole).toString();
    m_target.phaseId = boardIndex.data(PhaseBoardModel::PhaseIdRole).toString();
    showTarget();
}

bool MainWindow::selectPhase(qint64 phaseRowId)
{
    if (!m_treeModel)
        return false;
    const QModelIndex proxyIndex = m_treeProxy->mapFromSource(m_treeModel->phaseIndex(phaseRowId));
    if (!proxyIndex.isValid())
        return false;
    m_runTree->scrollTo(proxyIndex); // expands its ancestors
    m_runTree->selectionModel()->setCurrentIndex(
        proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

void MainWindow::showTarget()
{
    if (!m_target.phaseId.isEmpty())
        m_details->showPhase(m_target.runId, m_target.phaseId);
    else if (!m_target.tierId.isEmpty())
        m_details->showTier(m_target.runId, m_target.tierId);
    else if (!m_target.runId.isEmpty())
        m_details->showRun(m_target.runId);
    else if (m_target.projectId != 0)
        m_details->showProject(m_target.projectId);
    else
        m_details->showNothing();
    if (m_tabs->currentIndex() == 1)
        showReview();
    updateActions();
}

void MainWindow::updateActions()
{
    m_actionsUpdate.stop();
    m_newRun->setEnabled(m_store != nullptr);
    m_addProject->setEnabled(m_store != nullptr);
    m_editProject->setEnabled(m_store && m_target.projectId != 0);
    m_editProject->setToolTip(m_editProject->isEnabled()
            ? tr("Edit the selected project's base branch, ruleset and CI commands")
            : tr("Edit project — not available: select a project, or one of its runs, in the Runs tree"));
    const auto set = [](QAction *action, const QString &why, const QString &normalTip) {
        action->setEnabled(why.isEmpty());
        action->setToolTip(why.isEmpty() ? normalTip : tr("%1 — not available: %2").arg(action->iconText(), why));
        action->setStatusTip(action->toolTip());
    };
    if (!m_actions) {
        const QString why = tr("no supervisor is connected to carry out reviewer actions");
        for (QAction *a : { m_approve, m_reject, m_audit, m_cancel, m_resolve })
            set(a, why, {});
        return;
    }
    // The candidate an approval refers to is the one on screen now; a newer attempt
    // arriving later re-runs this and the approval names the newer one only then.
    m_target.candidateCommit.clear();
    if (m_store && !m_target.phaseId.isEmpty()) {
        if (const auto phase = m_store->phase(m_target.runId, m_target.phaseId))
            m_target.candidateCommit = phase->candidateCommit;
    }
    const Target &t = m_target;
    set(m_approve, m_actions->whyNotApprove(t.runId, t.phaseId),
        tr("Approve phase %1's candidate; CI runs next").arg(t.phaseId));
    set(m_reject, m_actions->whyNotReject(t.runId, t.phaseId),
        tr("Reject phase %1's candidate with a reason").arg(t.phaseId));
    set(m_audit, m_actions->whyNotRequestAudit(t.runId, t.phaseId),
        tr("Ask the auditor to review phase %1").arg(t.phaseId));
    set(m_cancel, m_actions->whyNotCancelRun(t.runId), tr("Cancel run %1").arg(t.runId));
    set(m_resolve, m_actions->whyNotResolveIssue(t.issueProjectId, t.issueKey),
        tr("Mark issue %1 resolved in the backlog").arg(t.issueKey));
}

void MainWindow::reportResult(const QString &what, const std::expected<void, QString> &result)
{
    if (result) {
        qCInfo(lcUi).noquote() << what;
        statusBar()->showMessage(what, 5000);
    } else {
        qCWarning(lcUi).noquote() << "refused:" << result.error();
        // Window-modal but not blocking: live updates keep flowing while it is open.
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Refused"), result.error(), QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("refusalBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    updateActions();
}

void MainWindow::approve()
{
    const QString shown = m_target.candidateCommit; // what the reviewer looked at
    updateActions();
    if (!m_approve->isEnabled())
        return;
    reportResult(
        tr("Approved phase %1.").arg(m_target.phaseId), m_actions->approve(m_target.runId, m_target.phaseId, shown));
}

void MainWindow::reject()
{
    updateActions();
    if (!m_reject->isEnabled())
        return;
    const Target target = m_target;
    RejectDialog dialog(target.phaseId, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    reportResult(
        tr("Rejected phase %1.").arg(target.phaseId), m_actions->reject(target.runId, target.phaseId, dialog.reason()));
}

void MainWindow::requestAudit()
{
    updateActions();
    if (!m_audit->isEnabled())
        return;
    const Target target = m_target;
    bool ok = false;
    const QString focus = QInputDialog::getText(this, tr("Request audit of %1").arg(target.phaseId),
        tr("Review focus (optional):"), QLineEdit::Normal, {}, &ok);
    if (!ok)
        return;
    reportResult(tr("Audit requested for phase %1.").arg(target.phaseId),
        m_actions->requestAudit(target.runId, target.phaseId, focus));
}

void MainWindow::cancelRun()
{
    updateActions();
    if (!m_cancel->isEnabled())
        return;
    const Target target = m_target;
    QMessageBox box(QMessageBox::Warning, tr("Cancel run %1?").arg(target.runId),
        tr("Cancel run %1? Its unfinished phases stop and the run ends as DONE_FAILED_CANCELLED. "
           "This cannot be undone.")
            .arg(target.runId),
        QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("cancelRunBox"));
    QPushButton *confirm = box.addButton(tr("Cancel &run"), QMessageBox::DestructiveRole);
    box.addButton(tr("&Keep running"), QMessageBox::RejectRole);
    box.exec();
    if (box.clickedButton() != static_cast<QAbstractButton *>(confirm))
        return;
    reportResult(tr("Cancelled run %1.").arg(target.runId), m_actions->cancelRun(target.runId, {}));
}

void MainWindow::resolveIssue()
{
    updateActions();
    if (!m_resolve->isEnabled())
        return;
    reportResult(tr("Resolved issue %1.").arg(m_target.issueKey),
        m_actions->resolveIssue(m_target.issueProjectId, m_target.issueKey));
    m_issuesReload.start();
}

void MainWindow::showContextMenu(const QPoint &globalPos)
{
    QMenu menu(this);
    if (sender() == m_issuesView
        || m_issuesView->viewport()->rect().contains(m_issuesView->viewport()->mapFromGlobal(globalPos))) {
        menu.addAction(m_resolve);
    } else {
        menu.addAction(m_approve);
        menu.addAction(m_reject);
        menu.addAction(m_audit);
        menu.addSeparator();
        menu.addAction(m_cancel);
    }
    menu.exec(globalPos);
}

void MainWindow::updateBoardFilterChoices()
{
    if (!m_treeModel)
        return;
    const qint64 project = m_boardProject->currentData().toLongLong();
    const QString run = m_boardRun->currentData().toString();
    const QString tier = m_boardTier->currentData().toString();
    const QSignalBlocker b1(m_boardProject), b2(m_boardRun), b3(m_boardTier);

    m_boardProject->clear();
    m_boardProject->addItem(tr("All projects"), qint64(0));
    QModelIndex projectIndex;
    for (int p = 0; p < m_treeModel->rowCount(); ++p) {
        const QModelIndex index = m_treeModel->index(p, 0);
        const qint64 id = index.data(RunTreeModel::ProjectIdRole).toLongLong();
        m_boardProject->addItem(index.data().toString(), id);
        if (id == project)
            projectIndex = index;
    }
    m_boardProject->setCurrentIndex(std::max(0, m_boardProject->findData(project)));

    m_boardRun->clear();
    m_boardRun->addItem(tr("All runs"), QString());
    QModelIndex runIndex;
    if (projectIndex.isValid()) {
        for (int r = 0; r < m_treeModel->rowCount(projectIndex); ++r) {
            const QModelIndex index = m_treeModel->index(r, 0, projectIndex);
            const QString id = index.data(RunTreeModel::RunIdRole).toString();
            m_boardRun->addItem(id, id);
            if (id == run)
                runIndex = index;
        }
    }
    m_boardRun->setCurrentIndex(std::max(0, m_boardRun->findData(runIndex.isValid() ? run : QString())));
    m_boardRun->setEnabled(projectIndex.isValid());
    m_boardRun->setToolTip(projectIndex.isValid() ? QString() : tr("Choose a project first."));

    m_boardTier->clear();
    m_boardTier->addItem(tr("All tiers"), QString());
    bool tierFound = false;
    if (runIndex.isValid()) {
        for (int t = 0; t < m_treeModel->rowCount(runIndex); ++t) {
            const QModelIndex index = m_treeModel->index(t, 0, runIndex);
            const QString id = index.data(RunTreeModel::TierIdRole).toString();
            m_boardTier->addItem(QStringLiteral("%1 — %2").arg(id, index.data().toString()), id);
            tierFound = tierFound || id == tier;
        }
    }
    m_boardTier->setCurrentIndex(std::max(0, m_boardTier->findData(tierFound ? tier : QString())));
    m_boardTier->setEnabled(runIndex.isValid());
    m_boardTier->setToolTip(runIndex.isValid() ? QString() : tr("Choose a run first."));
}

void MainWindow::applyBoardFilter()
{
    BoardFilterProxy::Filter filter;
    filter.projectId = m_boardProject->currentData().toLongLong();
    filter.runId = m_boardRun->currentData().toString();
    filter.tierId = m_boardTier->currentData().toString();
    m_board->setFilter(filter);
}

void MainWindow::countGates()
{
    m_gateCount.stop();
    int waiting = 0;
    if (m_boardModel) {
        const QModelIndex gate = m_boardModel->columnIndex(PhaseState::Gate);
        for (int r = 0, n = m_boardModel->rowCount(gate); r < n; ++r)
            waiting += m_boardModel->index(r, 0, gate).data(PhaseBoardModel::AwaitingReviewerRole).toBool() ? 1 : 0;
    }
    m_gatesWaiting = waiting;
    m_gatesLabel->setText(tr("%n gate(s) waiting for a reviewer", nullptr, waiting));
    QFont font = m_gatesLabel->font();
    font.setBold(waiting > 0);
    m_gatesLabel->setFont(font);
}

void MainWindow::reloadIssues()
{
    m_issuesReload.stop();
    if (!m_store)
        return;
    const auto projects = m_store->projects();
    if (!projects) {
        statusBar()->showMessage(projects.error().message);
        return;
    }
    // Keep the selected issue selected across the reload.
    const QString selectedKey = m_target.issueKey;
    const qint64 selectedProject = m_target.issueProjectId;
    const int sortColumn = m_issuesView->horizontalHeader()->sortIndicatorSection();
    const Qt::SortOrder sortOrder = m_issuesView->horizontalHeader()->sortIndicatorOrder();
    m_issuesModel->removeRows(0, m_issuesModel->rowCount());
    int selectRow = -1;
    for (const Project &project : *projects) {
        const auto backlog = m_store->backlog(project.id);
        if (!backlog)
            continue;
        for (const BacklogIssue &issue : *backlog) {
            QList<QStandardItem *> items;
            const auto text = [&items](const QString &s) { items << new QStandardItem(s); };
            const auto number = [&items](int n) {
                auto *item = new QStandardItem;
                item->setData(n, Qt::DisplayRole);
                items << item;
            };
            text(project.name);
            text(issue.issueKey);
            text(issue.category);
            text(toString(issue.baseSeverity));
            text(toString(issue.effectiveSeverity));
            number(issue.ageInRuns);
            number(issue.ageInTiers);
            text(issue.lastRun);
            text(QLocale().toString(issue.lastSeen.toLocalTime(), QLocale::ShortFormat));
            text(issue.status);
            items[0]->setData(project.id, IssueProjectIdRole);
            items[0]->setData(issue.issueKey, IssueKeyRole);
            if (issue.effectiveSeverity == Severity::Major)
                items[IssueEffective]->setForeground(toneColor(Tone::Bad, palette()));
            m_issuesModel->appendRow(items);
            if (project.id == selectedProject && issue.issueKey == selectedKey)
                selectRow = m_issuesModel->rowCount() - 1;
        }
    }
    QPersistentModelIndex keep = selectRow >= 0 ? m_issuesModel->index(selectRow, 0) : QModelIndex();
    if (sortColumn >= 0)
        m_issuesModel->sort(sortColumn, sortOrder);
    if (keep.isValid())
        m_issuesView->selectionModel()->setCurrentIndex(
            keep, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    updateActions();
}

void MainWindow::loadActivity()
{
    m_activityModel->removeRows(0, m_activityModel->rowCount());
    // The store pages oldest first; keep the newest kActivityRows.
    QList<Event> tail;
    qint64 after = 0;
    for (;;) {
        const auto page = m_store->events(after, 5000);
        if (!page || page->isEmpty())
            break;
        tail += *page;
        if (tail.size() > kActivityRows)
            tail.remove(0, tail.size() - kActivityRows);
        after = page->constLast().id;
        if (page->size() < 5000)
            break;
    }
    for (const Event &event : std::as_const(tail))
        prependEvent(event);
}

void MainWindow::prependEvent(const Event &event)
{
    const QString change = event.fromState.isEmpty() && event.toState.isEmpty()
        ? QString()
        : QStringLiteral("%1 → %2").arg(event.fromState, event.toState);
    QList<QStandardItem *> items {
        new QStandardItem(QLocale().toString(event.time.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"))),
        new QStandardItem(event.runId),
        new QStandardItem(QStringLiteral("%1 %2").arg(toString(event.entityKind), event.entityId)),
        new QStandardItem(change),
        new QStandardItem(QStringLiteral("%1 (%2%3)")
                              .arg(event.reason, toString(event.actor),
                                  event.actorName.isEmpty() ? QString() : QStringLiteral(" ") + event.actorName)),
    };
    // A reader scrolled down into older events keeps looking at the same ones.
    QScrollBar *bar = m_activityView->verticalScrollBar();
    const bool atTop = bar->value() == bar->minimum();
    m_activityModel->insertRow(0, items);
    if (!atTop) {
        // The bar counts rows, unless the view scrolls by pixel; its range may not have
        // grown for the new row yet.
        const int step = m_activityView->verticalScrollMode() == QAbstractItemView::ScrollPerPixel
            ? m_activityView->verticalHeader()->defaultSectionSize()
            : 1;
        bar->setMaximum(std::max(bar->maximum(), bar->value() + step));
        bar->setValue(bar->value() + step);
    }
    if (m_activityModel->rowCount() > kActivityRows)
        m_activityModel->removeRows(kActivityRows, m_activityModel->rowCount() - kActivityRows);
}

void MainWindow::showReview()
{
    if (m_store) {
        auto *panel = findChild<ReviewPanel *>();
        if (panel && &panel->store() != m_store) {
            delete panel;
            panel = nullptr;
        }
        auto *host = findChild<QWidget *>(QStringLiteral("reviewPanelHost"));
        if (!panel && host) {
            panel = m_reviewFlow ? new ReviewPanel(*m_store, m_reviewFlow, host)
                                 : new ReviewPanel(*m_store,
                                     m_actions ? std::make_unique<ReviewerActionsFlow>(*m_actions)
                                               : std::unique_ptr<ReviewerActionsFlow>(),
                                     host);
            panel->setHighlighter(new Highlight::KateProcessHighlighter(panel));
            panel->rememberViewedInSettings();
            host->layout()->addWidget(panel);
        }
        if (panel)
            panel->follow(m_target.runId, m_target.phaseId);
    }
    if (!m_store || m_target.phaseId.isEmpty()) {
        m_reviewHeader->setText(tr("Select a phase to review its candidate commit."));
        m_reviewText->clear();
        m_reviewShownFor.clear();
        return;
    }
    const auto phase = m_store->phase(m_target.runId, m_target.phaseId);
    if (!phase) {
        m_reviewHeader->setText(phase.error().message);
        m_reviewText->clear();
        return;
    }
    const QString key = QStringLiteral("%1/%2/%3").arg(phase->runId, phase->phaseId, phase->candidateCommit);
    if (key == m_reviewShownFor)
        return; // same commit: keep the reader's scroll position
    m_reviewShownFor = key;
    if (phase->candidateCommit.isEmpty()) {
        m_reviewHeader->setText(tr("Phase %1 (%2) has no candidate commit yet: nothing to review.")
                                    .arg(phase->phaseId, toString(phase->state)));
        m_reviewText->clear();
        return;
    }
    const auto run = m_store->run(phase->runId);
    const auto project = run ? m_store->project(run->projectId) : std::unexpected(run.error());
    if (!project) {
        m_reviewHeader->setText(project.error().message);
        m_reviewText->clear();
        return;
    }
    const Git::ReviewDiff diff(project->repoPath);
    const auto patch = diff.commitPatch(phase->candidateCommit);
    if (!patch) {
        m_reviewHeader->setText(tr("Candidate %1 of phase %2 cannot be read from %3: %4")
                                    .arg(phase->candidateCommit.left(12), phase->phaseId,
                                        QDir::toNativeSeparators(project->repoPath), patch.error().message));
        m_reviewText->clear();
        return;
    }
    m_reviewHeader->setText(tr("Candidate %1 of phase %2 (attempt %3), against its parent:")
                                .arg(phase->candidateCommit.left(12), phase->phaseId)
                                .arg(phase->builderAttempts));
    m_reviewText->setPlainText(QString::fromUtf8(*patch));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // SIGTERM while the engine still answers, so runners can give their leases back.
    m_agentsDock->stopAllRunners();
    QSettings settings;
    settings.setValue(QStringLiteral("mainwindow/geometry"), saveGeometry());
    if (m_dockStateApplied) // else saveState() would be the unrestored layout
        settings.setValue(QStringLiteral("mainwindow/state"), saveState());
    settings.setValue(QStringLiteral("mainwindow/tab"), m_tabs->currentIndex());
    QMainWindow::closeEvent(event);
}

bool MainWindow::selectRun(qint64 runRowId)
{
    if (!m_treeModel)
        return false;
    const QModelIndex proxyIndex = m_treeProxy->mapFromSource(m_treeModel->runIndex(runRowId));
    if (!proxyIndex.isValid())
        return false;
    m_runTree->scrollTo(proxyIndex);
    m_runTree->selectionModel()->setCurrentIndex(
        proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

void MainWindow::startNotifications(Store &store)
{
    delete m_trayNotifier;
    m_trayNotifier = new TrayNotifier(store.notifier(), this);
    // Gates already waiting were there before the window: not news.
    QSet<qint64> waiting;
    const QModelIndex gate = m_boardModel->columnIndex(PhaseState::Gate);
    for (int r = 0, n = m_boardModel->rowCount(gate); r < n; ++r) {
        const QModelIndex card = m_boardModel->index(r, 0, gate);
        if (card.data(PhaseBoardModel::AwaitingReviewerRole).toBool())
            waiting.insert(card.data(PhaseBoardModel::RowIdRole).toLongLong());
    }
    m_trayNotifier->setAlreadyWaiting(waiting);
    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        if (!m_tray) {
            const QIcon icon = QApplication::windowIcon().isNull() ? toneIcon(Tone::Waiting, palette(), 22)
                                                                   : QApplication::windowIcon();
            m_tray = new QSystemTrayIcon(icon, this);
            m_tray->setToolTip(tr("Autopack Control Center"));
            connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
                showNormal();
                raise();
                activateWindow();
            });
            m_tray->show();
        }
        m_trayNotifier->attachTray(m_tray);
    }
    // Without a tray the status bar still tells.
    connect(m_trayNotifier, &TrayNotifier::notified, this,
        [this](const TrayNotification &n) { statusBar()->showMessage(n.title, 10000); });
    connect(m_trayNotifier, &TrayNotifier::activated, this, [this](const TrayNotification &n) {
        showNormal();
        raise();
        activateWindow();
        if (n.phaseRowId != 0)
            selectPhase(n.phaseRowId);
        else
            selectRun(n.runRowId);
    });
}

void MainWindow::addProject()
{
    if (!m_store)
        return;
    ProjectDialog dialog(*m_store, this);
    if (dialog.exec() == QDialog::Accepted)
        statusBar()->showMessage(tr("Added project %1.").arg(dialog.savedProject().name), 5000);
}

void MainWindow::editProject()
{
    if (!m_store)
        return;
    updateActions();
    if (!m_editProject->isEnabled())
        return;
    const auto project = m_store->project(m_target.projectId);
    if (!project) {
        reportResult(tr("Edit project"), std::unexpected(project.error().message));
        return;
    }
    ProjectDialog dialog(*m_store, *project, this);
    if (dialog.exec() == QDialog::Accepted)
        statusBar()->showMessage(tr("Saved project %1.").arg(dialog.savedProject().name), 5000);
}

void MainWindow::newRun()
{
    if (!m_store)
        return;
    NewRunDialog dialog(*m_store, m_runCreator, this);
    if (m_target.projectId != 0)
        dialog.setProjectId(m_target.projectId);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString runId = dialog.createdRunId();
    statusBar()->showMessage(tr("Created run %1.").arg(runId), 5000);
    // The run reaches the tree through the store's notifier, queued from the engine.
    QTimer::singleShot(200, this, [this, runId] {
        if (const auto run = m_store->run(runId))
            selectRun(run->id);
    });
}

} // namespace Autopack::Ui
