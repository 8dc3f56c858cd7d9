#include "mainwindow.h"

#include <QHeaderView>
#include <QStatusBar>
#include <QTreeView>

namespace Autopack {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_runTree(new QTreeView(this))
{
    setWindowTitle(tr("Autopack Control Center"));
    m_runTree->setUniformRowHeights(true);
    m_runTree->setAlternatingRowColors(true);
    m_runTree->setSortingEnabled(false);
    m_runTree->header()->setStretchLastSection(false);
    setCentralWidget(m_runTree);
    statusBar()->showMessage(tr("Ready"));
    resize(1100, 700);
}

void MainWindow::setRunTreeModel(QAbstractItemModel *model)
{
    m_runTree->setModel(model);
    m_runTree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
}

} // namespace Autopack
