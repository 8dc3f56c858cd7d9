#pragma once

#include <QMainWindow>

class QAbstractItemModel;
class QModelIndex;
class QTreeView;

namespace Autopack {

// The control center's main window. For now a run tree (project → run → tier →
// phase) over whatever tree model it is given.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    // Shows `model` (a RunTreeModel, or any model with its roles) in the tree: the
    // name column takes the free width, the others are sized for their usual
    // contents; projects and unfinished runs are expanded, now and as they arrive.
    void setRunTreeModel(QAbstractItemModel *model);
    QTreeView *runTree() const { return m_runTree; }

private:
    void sizeColumns();
    void expandActive(const QModelIndex &parent, int first, int last);

    QTreeView *m_runTree;
};

} // namespace Autopack
