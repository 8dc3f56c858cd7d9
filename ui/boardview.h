#pragma once

// The kanban board over PhaseBoardModel: one column per phase state, each a list
// view rooted at that state's column item, cards painted by a delegate (phase id and
// name, run and tier, category badge, attempts, tokens and cost, issues, and a "needs
// approval" banner on gates waiting for a human).
//
// Filtering by project, run and tier happens in a proxy, so the board model itself
// stays whole (the window also reads categories from it). Keyboard: Up/Down move
// within a column, Left/Right to the nearest card of the neighbouring non-empty
// column, Enter activates the card.

#include "domain.h"

#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QWidget>

#include <array>

class QLabel;
class QListView;
class QScrollArea;

namespace Autopack::Ui {

class BoardFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    struct Filter {
        qint64 projectId = 0; // 0: any
        QString runId; // empty: any
        QString tierId; // empty: any (only with a run)
        bool operator==(const Filter &) const = default;
    };

    explicit BoardFilterProxy(QObject *parent = nullptr);
    void setFilter(const Filter &filter);
    Filter filter() const { return m_filter; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    Filter m_filter;
};

class BoardCardDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

class BoardView : public QWidget
{
    Q_OBJECT
public:
    explicit BoardView(QWidget *parent = nullptr);

    // A PhaseBoardModel (or one with its roles and shape).
    void setBoardModel(QAbstractItemModel *model);
    BoardFilterProxy *proxy() const { return m_proxy; }
    void setFilter(const BoardFilterProxy::Filter &filter);

    // Work-in-progress limit shown in a column's header; 0: none. Over the limit the
    // header says so in words as well as in the "bad" tone.
    void setColumnLimit(PhaseState state, int limit);
    int columnLimit(PhaseState state) const { return m_limits[int(state)]; }

    QListView *columnView(PhaseState state) const { return m_views[int(state)]; }
    QLabel *columnHeader(PhaseState state) const { return m_headers[int(state)]; }
    // Board-model index (not proxy) of the current card, or invalid.
    QModelIndex currentCard() const;
    // Selects the card of a phase (board-model index); false when it is filtered out.
    bool selectCard(const QModelIndex &boardIndex);

Q_SIGNALS:
    // Board-model index of the card that became current (invalid when none).
    void currentCardChanged(const QModelIndex &boardIndex);
    void cardActivated(const QModelIndex &boardIndex);
    void contextMenuRequested(const QPoint &globalPos);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rootColumns();
    void updateHeaders();
    void moveToColumn(int from, int step);
    void cardBecameCurrent(int column);
    void makeCurrent(int column, const QModelIndex &proxyIndex);

    BoardFilterProxy *m_proxy;
    BoardCardDelegate *m_delegate = nullptr;
    QScrollArea *m_scroll = nullptr;
    std::array<QListView *, PhaseStateCount> m_views {};
    std::array<QLabel *, PhaseStateCount> m_headers {};
    std::array<int, PhaseStateCount> m_limits {};
    int m_currentColumn = -1;
};

} // namespace Autopack::Ui
