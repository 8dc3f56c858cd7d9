#include "transcriptdelegate.h"

#include "transcriptmodel.h"

#include <QApplication>
#include <QFontDatabase>
#include <QPainter>
#include <QTextLayout>
#include <QTreeView>
#include <QtMath>

namespace Autopack::Ui {

TranscriptDelegate::TranscriptDelegate(QTreeView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
{
}

bool TranscriptDelegate::isDetail(const QModelIndex &index) const
{
    return index.column() == 0
        && TranscriptModel::RowType(index.data(TranscriptModel::RowTypeRole).toInt())
        == TranscriptModel::RowType::Detail;
}

QFont TranscriptDelegate::detailFont(const QModelIndex &index, const QFont &base) const
{
    const QString kind = index.data(TranscriptModel::KindRole).toString();
    if (kind == QLatin1String("tool_call") || kind == QLatin1String("tool_result"))
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    return base;
}

// A detail row spans the view from its indentation (two levels deep) to the right edge.
int TranscriptDelegate::textWidth(const QModelIndex &) const
{
    return std::max(80, m_view->viewport()->width() - 3 * m_view->indentation() - 2 * kMargin);
}

int TranscriptDelegate::layOut(QTextLayout &layout, int width)
{
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.beginLayout();
    qreal y = 0;
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    layout.endLayout();
    return qCeil(y);
}

QSize TranscriptDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!isDetail(index))
        return QStyledItemDelegate::sizeHint(option, index);
    const int width = textWidth(index);
    QString text = index.data().toString();
    text.replace(QLatin1Char('\n'), QChar::LineSeparator);
    QTextLayout layout(text, detailFont(index, option.font));
    return QSize(width + 2 * kMargin, layOut(layout, width) + 2 * kMargin);
}

void TranscriptDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!isDetail(index)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    QString shown = text;
    shown.replace(QLatin1Char('\n'), QChar::LineSeparator);
    QTextLayout layout(shown, detailFont(index, opt.font));
    layOut(layout, std::min(textWidth(index), opt.rect.width() - 2 * kMargin));
    painter->save();
    painter->setClipRect(opt.rect);
    painter->setPen(opt.palette.color(opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
    layout.draw(painter, QPointF(opt.rect.left() + kMargin, opt.rect.top() + kMargin));
    painter->restore();
}

} // namespace Autopack::Ui
