#pragma once

// The API tab: the request log (Host::RequestLogModel's columns: Time, Method, Path,
// Agent, Role, Status, Duration; newest row first) under a filter line matching any
// column. Rows arrive at the top: unpaused, the view follows them; with Pause checked
// the rows being read stay where they are while newer ones are inserted above.

#include <QPersistentModelIndex>
#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;

namespace Autopack::Ui {

class RequestLogView : public QWidget
{
    Q_OBJECT
public:
    // The Path column of the model, which takes the width left over (checked against
    // RequestLogModel by tst_requestlogview).
    static constexpr int PathColumn = 2;

    // `model` is not owned and must outlive the view (or be replaced by setModel first).
    explicit RequestLogView(QAbstractItemModel *model, QWidget *parent = nullptr);
    ~RequestLogView() override;

    void setModel(QAbstractItemModel *model);

    QLineEdit *filterEdit() const { return m_filter; }
    QTableView *tableView() const { return m_view; }
    QLabel *countLabel() const { return m_count; }
    QToolButton *pauseButton() const { return m_pause; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }

private:
    void rowsAboutToBeInserted();
    void rowsInserted();
    void sizeColumnsOnce();
    void updateCount();

    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QToolButton *m_pause;
    QLabel *m_count;
    QTableView *m_view;
    QPersistentModelIndex m_topRow; // first visible row before an insert, while paused
    bool m_sized = false;
};

} // namespace Autopack::Ui
