#pragma once

// Paints the run tree's state column (tone icon, whose shape tells the tone, then
// the state name in the text colour) and its tokens column (a budget bar: used
// against cap, turning to the "bad" tone from 90 %, with the numbers on top). The
// tokens column's tooltip gives the exact figures and, when agents reported one, the cost.

#include "runtreemodel.h"

#include <QStyledItemDelegate>

#include <functional>

namespace Autopack::Ui {

class RunTreeDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    // Dollars reported for a row: `id` is the project id for a project, else the row id.
    using CostLookup = std::function<double(RunTreeModel::NodeKind kind, qint64 id)>;
    void setCostLookup(CostLookup lookup) { m_cost = std::move(lookup); }

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    void paintBudget(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;
    QString tokensToolTip(const QModelIndex &index) const;

    CostLookup m_cost;
};

} // namespace Autopack::Ui
