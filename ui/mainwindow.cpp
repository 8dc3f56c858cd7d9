#include "mainwindow.h"

#include "runtreemodel.h"

#include <QFontMetrics>
#include <QHeaderView>
#include <QStatusBar>
#include <QTreeView>

namespace Autopack {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_runTree(new QTreeView(this))
{
    setWindowTitle(tr("Autopack Control Center"));
    // Uniform heights and no animation keep a 100k-row tree cheap to lay out.
    m_runTree->setUniformRowHeights(true);
    m_runTree->setAnimated(false);
    m_runTree->setAlternatingRowColors(true);
    m_runTree->setSortingEnabled(false);
    m_runTree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runTree->header()->setStretchLastSection(false);
    setCentralWidget(m_runTree);
    statusBar()->showMessage(tr("Ready"));
    resize(1100, 700);
}

void MainWindow::setRunTreeModel(QAbstractItemModel *model)
{
    if (QAbstractItemModel *old = m_runTree->model())
        disconnect(old, nullptr, this, nullptr);
    m_runTree->setModel(model);
    if (!model)
        return;
    sizeColumns();
    expandActive({}, 0, model->rowCount() - 1);
    connect(model, &QAbstractItemModel::rowsInserted, this, &MainWindow::expandActive);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        expandActive({}, 0, m_runTree->model()->rowCount() - 1);
    });
}

// Fixed, user-resizable widths from sample texts rather than ResizeToContents, which
// would measure rows again on every change the store reports.
void MainWindow::sizeColumns()
{
    QHeaderView *header = m_runTree->header();
    const QFontMetrics metrics(m_runTree->font());
    const QString samples[] = {
        QString(),
        toString(RunState::DoneFailedRequiresHumanReview), // the longest state name
        QStringLiteral("25/25"),
        QStringLiteral("5,000,000 / 5,000,000"),
        QStringLiteral("999"),
        QStringLiteral("999"),
        QStringLiteral("2026-01-01 00:00:00"),
    };
    const int padding = 3 * metrics.horizontalAdvance(QLatin1Char('M'));
    for (int column = 0; column < header->count(); ++column) {
        if (column == RunTreeModel::NameColumn) {
            header->setSectionResizeMode(column, QHeaderView::Stretch);
            continue;
        }
        header->setSectionResizeMode(column, QHeaderView::Interactive);
        const QString title = m_runTree->model()->headerData(column, Qt::Horizontal).toString();
        const QString sample = column < int(std::size(samples)) ? samples[column] : QString();
        header->resizeSection(column,
                              std::max(metrics.horizontalAdvance(title), metrics.horizontalAdvance(sample)) + padding);
    }
    header->setMinimumSectionSize(metrics.horizontalAdvance(QStringLiteral("999")) + padding);
}

// Projects and unfinished runs open; finished runs stay closed so the tree shows what
// is happening now. Only the new rows are visited, one expand() each.
void MainWindow::expandActive(const QModelIndex &parent, int first, int last)
{
    const QAbstractItemModel *model = m_runTree->model();
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = model->index(row, 0, parent);
        const auto kind = RunTreeModel::NodeKind(index.data(RunTreeModel::NodeKindRole).toInt());
        if (kind == RunTreeModel::NodeKind::Project) {
            m_runTree->expand(index);
            expandActive(index, 0, model->rowCount(index) - 1);
        } else if (kind == RunTreeModel::NodeKind::Run
                   && !isTerminal(RunState(index.data(RunTreeModel::StateRole).toInt()))) {
            m_runTree->expand(index);
        }
    }
}

} // namespace Autopack
