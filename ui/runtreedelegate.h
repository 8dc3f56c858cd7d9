#pragma once

// Paints the run tree's state column (tone icon, whose shape tells the tone, then
// the state name in the text colour) and its tokens column (a budget bar: used
// against cap, turning to the "bad" tone from 90 %, with the numbers on top). The
// tokens column's tooltip gives the exact figures and, when agents reported one, the cost
// (RunTreeModel::CostUsdRole).

#include "runtreemodel.h"

#include <QStyledItemDelegate>

namespace Autopack::Ui {

class RunTreeDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    void paintBudget(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;
    QString tokensToolTip(const QModelIndex &index) const;
};

} // namespace Autopack::Ui
