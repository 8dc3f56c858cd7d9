#include "diffview.h"

#include "difffilelistmodel.h"
#include "viewedstore.h"

#include <QAction>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace Autopack::DiffUi {

DiffView::DiffView(QWidget *parent)
    : QWidget(parent)
{
    m_pane = new DiffPane(this);
    m_files = new DiffFileListModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_files);
    m_proxy->setFilterRole(DiffFileListModel::PathRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter files"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter files"));
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_fileList = new QListView(this);
    m_fileList->setModel(m_proxy);
    m_fileList->setUniformItemSizes(true); // thousands of files: no per-row size hints
    m_fileList->setAccessibleName(tr("Changed files"));
    connect(m_fileList->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &index) {
        if (index.isValid())
            m_pane->scrollToFile(m_proxy->mapToSource(index).row());
    });
    connect(m_pane, &DiffPane::currentFileChanged, this, [this](int file) {
        const QModelIndex index = m_proxy->mapFromSource(m_files->index(file));
        if (index.isValid() && m_fileList->currentIndex() != index) {
            QSignalBlocker blocker(m_fileList->selectionModel());
            m_fileList->setCurrentIndex(index);
            m_fileList->viewport()->update();
        }
    });

    m_modeButton = new QToolButton(this);
    m_modeButton->setCheckable(true);
    m_modeButton->setText(tr("Side by side"));
    m_modeButton->setToolTip(tr("Switch between unified and side-by-side (Ctrl+Shift+S)"));
    m_modeButton->setShortcut(QKeySequence(tr("Ctrl+Shift+S")));
    connect(m_modeButton, &QToolButton::toggled, this,
        [this](bool sideBySide) { setMode(sideBySide ? DiffMode::SideBySide : DiffMode::Unified); });

    auto *navigation = new QLabel(
        tr("n / p: next / previous hunk · Shift+N / Shift+P: file · x: more context · e: open in editor"), this);
    navigation->setForegroundRole(QPalette::PlaceholderText);

    m_findBar = new QWidget(this);
    m_findField = new QLineEdit(m_findBar);
    m_findField->setPlaceholderText(tr("Find in diff"));
    m_findField->setAccessibleName(tr("Find in diff"));
    auto *previous = new QToolButton(m_findBar);
    previous->setText(tr("Previous"));
    auto *next = new QToolButton(m_findBar);
    next->setText(tr("Next"));
    m_findStatus = new QLabel(m_findBar);
    auto *close = new QToolButton(m_findBar);
    close->setText(tr("Close"));
    auto *findLayout = new QHBoxLayout(m_findBar);
    findLayout->setContentsMargins(0, 0, 0, 0);
    findLayout->addWidget(m_findField, 1);
    findLayout->addWidget(previous);
    findLayout->addWidget(next);
    findLayout->addWidget(m_findStatus);
    findLayout->addWidget(close);
    m_findBar->hide();
    connect(m_findField, &QLineEdit::returnPressed, this,
        [this] { findNext(QGuiApplication::keyboardModifiers() & Qt::ShiftModifier); });
    connect(m_findField, &QLineEdit::textChanged, m_pane, &DiffPane::setFindText);
    connect(next, &QToolButton::clicked, this, [this] { findNext(false); });
    connect(previous, &QToolButton::clicked, this, [this] { findNext(true); });
    connect(close, &QToolButton::clicked, this, [this] {
        m_findBar->hide();
        m_pane->setFindText({});
        m_pane->setFocus();
    });

    auto *findShortcut = new QShortcut(QKeySequence::Find, this, this, &DiffView::showFind);
    findShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    auto *nextShortcut = new QShortcut(QKeySequence::FindNext, this, this, [this] { findNext(false); });
    nextShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    auto *previousShortcut = new QShortcut(QKeySequence::FindPrevious, this, this, [this] { findNext(true); });
    previousShortcut->setContext(Qt::WidgetWithChildrenShortcut);

    connect(m_pane, &DiffPane::openInEditor, this, &DiffView::openInEditor);
    connect(m_pane, &DiffPane::fullFileRequested, this, &DiffView::fullFileRequested);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_filter);
    leftLayout->addWidget(m_fileList, 1);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_modeButton);
    toolbar->addWidget(navigation, 1);
    rightLayout->addLayout(toolbar);
    rightLayout->addWidget(m_findBar);
    rightLayout->addWidget(m_pane, 1);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
    setFocusProxy(m_pane);
}

DiffView::~DiffView() = default;

void DiffView::setDiff(QList<Git::DiffFile> files, const QString &commit)
{
    m_commit = commit;
    m_files->setFiles(files, commit, m_store);
    m_pane->setFiles(std::move(files));
}

void DiffView::setViewedStore(ViewedStore *store)
{
    m_store = store;
    m_files->setFiles(m_pane->model().files(), m_commit, m_store);
}

void DiffView::setHighlighter(Highlight::SyntaxHighlighter *highlighter) { m_pane->setHighlighter(highlighter); }

void DiffView::setContentProvider(ContentProvider provider) { m_pane->setContentProvider(std::move(provider)); }

void DiffView::setMode(DiffMode mode)
{
    m_pane->setMode(mode);
    QSignalBlocker blocker(m_modeButton);
    m_modeButton->setChecked(mode == DiffMode::SideBySide);
}

DiffMode DiffView::mode() const { return m_pane->mode(); }

void DiffView::showFind()
{
    m_findBar->show();
    m_findField->setFocus();
    m_findField->selectAll();
}

void DiffView::findNext(bool backward)
{
    const QString text = m_findField->text();
    if (text.isEmpty())
        return;
    const bool found = m_pane->find(text, backward);
    m_findStatus->setText(found ? QString() : tr("Not found: %1").arg(text));
}

} // namespace Autopack::DiffUi
