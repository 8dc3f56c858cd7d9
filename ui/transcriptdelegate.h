#pragma once

// Paints the transcript's folded texts (TranscriptModel detail rows) whole: wrapped to
// the view's width, at word boundaries where there are any, in a fixed-width font for
// tool input and output, with a height to match. Other rows as QStyledItemDelegate does.
// The view lays its rows out again when its width changes (TranscriptView does).

#include <QStyledItemDelegate>

class QTextLayout;
class QTreeView;

namespace Autopack::Ui {

class TranscriptDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit TranscriptDelegate(QTreeView *view);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    static constexpr int kMargin = 3;
    bool isDetail(const QModelIndex &index) const;
    QFont detailFont(const QModelIndex &index, const QFont &base) const;
    int textWidth(const QModelIndex &index) const;
    // Lays `text` out in `width`; returns the height used.
    static int layOut(QTextLayout &layout, int width);

    QTreeView *m_view;
};

} // namespace Autopack::Ui
