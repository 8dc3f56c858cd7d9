#include "runtreedelegate.h"

#include "runtreemodel.h"
#include "statestyle.h"
#include "usagetext.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>

namespace Autopack::Ui {

namespace {

// 950, 12.5k, 4.2M: the bar has room for short figures; the tooltip has the exact ones.
QString compact(qint64 n)
{
    if (n < 1000)
        return QString::number(n);
    if (n < 1'000'000)
        return QString::number(double(n) / 1e3, 'f', n < 10'000 ? 1 : 0) + QLatin1Char('k');
    return QString::number(double(n) / 1e6, 'f', n < 10'000'000 ? 1 : 0) + QLatin1Char('M');
}

// The tone of a tree row, or nullopt for a project (which has no state).
std::optional<Tone> rowTone(const QModelIndex &index)
{
    const QVariant state = index.data(RunTreeModel::StateRole);
    if (!state.isValid())
        return std::nullopt;
    switch (RunTreeModel::NodeKind(index.data(RunTreeModel::NodeKindRole).toInt())) {
    case RunTreeModel::NodeKind::Run:
        return toneOf(RunState(state.toInt()));
    case RunTreeModel::NodeKind::Tier:
        return toneOf(TierState(state.toInt()));
    case RunTreeModel::NodeKind::Phase:
        return toneOf(PhaseState(state.toInt()));
    case RunTreeModel::NodeKind::Project:
        break;
    }
    return std::nullopt;
}

} // namespace

void RunTreeDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (index.column() != RunTreeModel::StateColumn)
        return;
    if (const auto tone = rowTone(index)) {
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->icon = toneIcon(*tone, option->palette, 16);
        option->decorationSize = QSize(16, 16);
        // A gate waiting for a human reads bold, so it is found without colour.
        if (index.data(RunTreeModel::AwaitingReviewerRole).toBool())
            option->font.setBold(true);
    }
}

void RunTreeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (index.column() == RunTreeModel::TokensColumn && index.data(RunTreeModel::TokenCapRole).toLongLong() > 0) {
        paintBudget(painter, option, index);
        return;
    }
    QStyledItemDelegate::paint(painter, option, index);
}

bool RunTreeDelegate::helpEvent(
    QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || index.column() != RunTreeModel::TokensColumn)
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    QToolTip::showText(event->globalPos(), tokensToolTip(index), view);
    return true;
}

QString RunTreeDelegate::tokensToolTip(const QModelIndex &index) const
{
    const QLocale locale;
    const qint64 used = index.data(RunTreeModel::TokensUsedRole).toLongLong();
    const qint64 cap = index.data(RunTreeModel::TokenCapRole).toLongLong();
    QString text = cap > 0 ? tr("%1 of %2 tokens (%3 %)")
                                 .arg(locale.toString(used), locale.toString(cap))
                                 .arg(int(100.0 * double(used) / double(cap)))
                           : tr("%1 tokens").arg(locale.toString(used));
    text = UsageText::withCost(text, index.data(RunTreeModel::CostUsdRole).toDouble());
    const QString more = index.data(Qt::ToolTipRole).toString();
    return more.isEmpty() ? text : text + QStringLiteral("\n\n") + more;
}

void RunTreeDelegate::paintBudget(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    // Background, selection and focus as the style draws them.
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const qint64 used = index.data(RunTreeModel::TokensUsedRole).toLongLong();
    const qint64 cap = index.data(RunTreeModel::TokenCapRole).toLongLong();
    const double ratio = cap > 0 ? std::clamp(double(used) / double(cap), 0.0, 1.0) : 0.0;
    const QString text = QStringLiteral("%1 / %2").arg(compact(used), compact(cap));
    const QRect bar = opt.rect.adjusted(3, 3, -3, -3);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QColor frame = opt.palette.color(QPalette::Mid);
    painter->setPen(frame);
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(QRectF(bar).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2);
    QColor fill = toneColor(ratio >= 0.9 ? Tone::Bad : Tone::Active, opt.palette);
    fill.setAlpha(90);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    QRectF filled = QRectF(bar).adjusted(1, 1, -1, -1);
    filled.setWidth(filled.width() * ratio);
    painter->drawRoundedRect(filled, 1.5, 1.5);
    const bool selected = opt.state & QStyle::State_Selected;
    painter->setPen(opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(opt.font);
    painter->drawText(
        bar.adjusted(4, 0, -4, 0), Qt::AlignRight | Qt::AlignVCenter, used > cap ? tr("over: %1").arg(text) : text);
    painter->restore();
}

} // namespace Autopack::Ui
