#pragma once

#include <QMainWindow>

class QAbstractItemModel;
class QTreeView;

namespace Autopack {

// The control center's main window. For now a run tree (project → run → tier →
// phase) over whatever tree model it is given.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    void setRunTreeModel(QAbstractItemModel *model);
    QTreeView *runTree() const { return m_runTree; }

private:
    QTreeView *m_runTree;
};

} // namespace Autopack
