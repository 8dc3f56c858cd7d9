#include "boardview.h"

#include "phaseboardmodel.h"
#include "statestyle.h"
#include "usagetext.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

namespace Autopack::Ui {

using Role = PhaseBoardModel::Role;

BoardFilterProxy::BoardFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void BoardFilterProxy::setFilter(const Filter &filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    invalidateRowsFilter();
}

bool BoardFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!sourceParent.isValid())
        return true; // the seven columns always stay
    const QModelIndex card = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_filter.projectId != 0 && card.data(Role::ProjectIdRole).toLongLong() != m_filter.projectId)
        return false;
    if (!m_filter.runId.isEmpty() && card.data(Role::RunIdRole).toString() != m_filter.runId)
        return false;
    if (!m_filter.tierId.isEmpty() && card.data(Role::TierIdRole).toString() != m_filter.tierId)
        return false;
    return true;
}

namespace {

constexpr int kMargin = 4;
constexpr int kPad = 6;

// 950, 12.5k, 4.2M: a card has no room for full token counts (details has them).
QString shortNumber(qint64 n)
{
    if (n < 1000)
        return QString::number(n);
    if (n < 1'000'000)
        return QString::number(double(n) / 1e3, 'f', n < 10'000 ? 1 : 0) + QLatin1Char('k');
    return QString::number(double(n) / 1e6, 'f', 1) + QLatin1Char('M');
}

} // namespace

QSize BoardCardDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics fm(option.font);
    // Four text lines plus the approval banner's room, whatever the card: uniform
    // heights keep long columns cheap to lay out.
    return QSize(180, 5 * fm.height() + 2 * kPad + 2 * kMargin);
}

void BoardCardDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QPalette &pal = option.palette;
    const PhaseState state = PhaseState(index.data(Role::StateRole).toInt());
    const Tone tone = toneOf(state);
    const QColor toneCol = toneColor(tone, pal);
    const bool selected = option.state & QStyle::State_Selected;
    const bool focused = option.state & QStyle::State_HasFocus;
    const bool waiting = index.data(Role::AwaitingReviewerRole).toBool();

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF card = QRectF(option.rect).adjusted(kMargin, kMargin / 2.0, -kMargin, -kMargin / 2.0);
    painter->setPen(QPen(selected ? pal.color(QPalette::Highlight) : pal.color(QPalette::Mid), selected ? 2 : 1));
    painter->setBrush(pal.color(QPalette::Base));
    painter->drawRoundedRect(card, 5, 5);
    // Tone stripe on the left edge.
    QPainterPath stripe;
    stripe.addRoundedRect(QRectF(card.left(), card.top(), 5, card.height()), 2, 2);
    painter->fillPath(stripe, toneCol);

    const QFontMetrics fm(option.font);
    const int lh = fm.height();
    QRect text = card.toRect().adjusted(kPad + 5, kPad, -kPad, -kPad);
    QFont bold = option.font;
    bold.setBold(true);
    const QColor textCol = pal.color(QPalette::Text);
    QColor dim = textCol;
    dim.setAlphaF(0.7);

    // Line 1: icon, phase id (bold), name.
    toneIcon(tone, pal, 14).paint(painter, QRect(text.left(), text.top() + (lh - 14) / 2, 14, 14));
    const QString phaseId = index.data(Role::PhaseIdRole).toString();
    painter->setFont(bold);
    painter->setPen(textCol);
    const QFontMetrics bfm(bold);
    const int idWidth = bfm.horizontalAdvance(phaseId + QLatin1Char(' '));
    QRect line(text.left() + 18, text.top(), text.width() - 18, lh);
    painter->drawText(line, Qt::AlignLeft | Qt::AlignVCenter, phaseId);
    painter->setFont(option.font);
    const QString name = index.data(Qt::DisplayRole).toString();
    if (name != phaseId)
        painter->drawText(line.adjusted(idWidth, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
            fm.elidedText(name, Qt::ElideRight, line.width() - idWidth));

    // Line 2: run · tier.
    line = QRect(text.left(), text.top() + lh, text.width(), lh);
    painter->setPen(dim);
    // The tier is short and always shown; the run id gives way.
    const QString tierText = tr(" · %1").arg(index.data(Role::TierIdRole).toString());
    const int tierWidth = fm.horizontalAdvance(tierText);
    painter->drawText(line.adjusted(0, 0, -tierWidth, 0), Qt::AlignLeft | Qt::AlignVCenter,
        fm.elidedText(index.data(Role::RunIdRole).toString(), Qt::ElideMiddle, line.width() - tierWidth));
    painter->drawText(line, Qt::AlignRight | Qt::AlignVCenter, tierText);

    // Line 3: category badge, complexity badge (outlined, right) beside it.
    line = QRect(text.left(), text.top() + 2 * lh + 1, text.width(), lh);
    const QString complexity = index.data(Role::ComplexityRole).toString();
    if (!complexity.isEmpty()) {
        const QString badge = tr("%1 cx").arg(complexity);
        QRect badgeRect(
            line.right() - fm.horizontalAdvance(badge) - 8, line.top(), fm.horizontalAdvance(badge) + 8, line.height());
        painter->setPen(complexity == QLatin1String("high") ? toneColor(Tone::Bad, pal) : pal.color(QPalette::Mid));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(badgeRect, 3, 3);
        painter->setPen(textCol);
        painter->drawText(badgeRect, Qt::AlignCenter, badge);
        line.setRight(badgeRect.left() - 4);
    }
    const QString category = index.data(Role::TaskCategoryRole).toString();
    if (!category.isEmpty()) {
        const QString badge = fm.elidedText(category, Qt::ElideRight, line.width() - 8);
        QRect badgeRect(line.left(), line.top(), fm.horizontalAdvance(badge) + 8, line.height());
        painter->setPen(Qt::NoPen);
        painter->setBrush(pal.color(QPalette::AlternateBase).darker(105));
        painter->drawRoundedRect(badgeRect, 3, 3);
        painter->setPen(textCol);
        painter->drawText(badgeRect, Qt::AlignCenter, badge);
    }

    // Line 4: attempts, tokens, issues.
    line = QRect(text.left(), text.top() + 3 * lh + 2, text.width(), lh);
    const int minor = index.data(Role::MinorIssuesRole).toInt();
    const int major = index.data(Role::MajorIssuesRole).toInt();
    const int attempts = index.data(Role::BuilderAttemptsRole).toInt();
    const int maxAttempts = index.data(Role::MaxBuilderAttemptsRole).toInt();
    const QString tokens = shortNumber(index.data(Role::TokensUsedRole).toLongLong());
    QString facts = tr("%1/%2 att · %3 tok").arg(attempts).arg(maxAttempts).arg(tokens);
    QString issues;
    if (minor || major)
        issues = tr(" · %1+%2 iss").arg(minor).arg(major);
    if (const double cost = index.data(Role::CostUsdRole).toDouble(); cost > 0) {
        // The cost stays in view on a narrow card: the word "tok" gives way first.
        facts = tr("%1/%2 att · %3 tok · %4").arg(attempts).arg(maxAttempts).arg(tokens, UsageText::shortCost(cost));
        if (fm.horizontalAdvance(facts + issues) > line.width())
            facts = tr("%1/%2 att · %3 · %4").arg(attempts).arg(maxAttempts).arg(tokens, UsageText::shortCost(cost));
    }
    facts += issues;
    painter->setPen(major ? toneColor(Tone::Bad, pal) : textCol);
    painter->drawText(line, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(facts, Qt::ElideRight, line.width()));

    // Line 5: the approval banner, in words, not colour alone.
    if (waiting) {
        line = QRect(text.left(), text.top() + 4 * lh + 2, text.width(), lh);
        painter->setPen(Qt::NoPen);
        painter->setBrush(toneColor(Tone::Waiting, pal));
        painter->drawRoundedRect(line, 3, 3);
        painter->setPen(isDarkPalette(pal) ? QColor(Qt::black) : QColor(Qt::white));
        painter->setFont(bold);
        painter->drawText(line, Qt::AlignCenter,
            QFontMetrics(bold).elidedText(tr("NEEDS APPROVAL"), Qt::ElideRight, line.width() - 4));
    }
    if (focused && selected) {
        painter->setPen(QPen(pal.color(QPalette::Highlight), 1, Qt::DotLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(card.adjusted(2, 2, -2, -2), 4, 4);
    }
    painter->restore();
}

BoardView::BoardView(QWidget *parent)
    : QWidget(parent)
    , m_proxy(new BoardFilterProxy(this))
{
    // Columns keep a readable width; when the window is narrower the board scrolls
    // sideways instead of squeezing cards until nothing on them can be read.
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    m_scroll = scroll;
    scroll->setObjectName(QStringLiteral("boardScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    outer->addWidget(scroll);
    auto *content = new QWidget(scroll);
    scroll->setWidget(content);
    auto *layout = new QHBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(6);
    auto *delegate = new BoardCardDelegate(this);
    m_delegate = delegate;
    for (int c = 0; c < PhaseStateCount; ++c) {
        auto *column = new QVBoxLayout;
        auto *header = new QLabel(content);
        header->setObjectName(QStringLiteral("boardHeader_%1").arg(toString(PhaseState(c))));
        header->setTextFormat(Qt::PlainText);
        auto *view = new QListView(content);
        view->setObjectName(QStringLiteral("boardColumn_%1").arg(toString(PhaseState(c))));
        view->setItemDelegate(delegate);
        view->setUniformItemSizes(true);
        view->setSelectionMode(QAbstractItemView::SingleSelection);
        view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
        view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        view->setMinimumWidth(170);
        view->setContextMenuPolicy(Qt::CustomContextMenu);
        view->installEventFilter(this);
        view->setAccessibleName(tr("%1 column").arg(toString(PhaseState(c))));
        header->setBuddy(view);
        column->addWidget(header);
        column->addWidget(view, 1);
        layout->addLayout(column, 1);
        m_views[c] = view;
        m_headers[c] = header;
        connect(view, &QListView::activated, this,
            [this](const QModelIndex &index) { Q_EMIT cardActivated(m_proxy->mapToSource(index)); });
        connect(view, &QWidget::customContextMenuRequested, this, [this, view](const QPoint &pos) {
            const QModelIndex index = view->indexAt(pos);
            if (index.isValid())
                view->setCurrentIndex(index);
            Q_EMIT contextMenuRequested(view->viewport()->mapToGlobal(pos));
        });
    }
    // Limits on the columns where work piles up; finished columns have none.
    m_limits[int(PhaseState::Executing)] = 8;
    m_limits[int(PhaseState::Gate)] = 5;
    m_limits[int(PhaseState::CiRunning)] = 4;
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &BoardView::rootColumns);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &BoardView::updateHeaders);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &BoardView::updateHeaders);
    connect(m_proxy, &QAbstractItemModel::rowsMoved, this, &BoardView::updateHeaders);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &BoardView::updateHeaders);
}

void BoardView::setBoardModel(QAbstractItemModel *model)
{
    m_proxy->setSourceModel(model);
    for (QListView *view : m_views) {
        view->setModel(m_proxy);
        connect(view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this, view](const QModelIndex &current) {
                if (current.isValid())
                    cardBecameCurrent(int(std::find(m_views.begin(), m_views.end(), view) - m_views.begin()));
            });
    }
    rootColumns();
}

// One current card on the whole board: the others' selections are cleared.
void BoardView::cardBecameCurrent(int column)
{
    m_currentColumn = column;
    for (int c = 0; c < PhaseStateCount; ++c) {
        if (c != column)
            m_views[c]->selectionModel()->clearSelection();
    }
    Q_EMIT currentCardChanged(m_proxy->mapToSource(m_views[column]->currentIndex()));
}

// Makes `proxyIndex` the current, selected card of `column`, also when it already was
// the column's current index (setCurrentIndex() would then signal nothing).
void BoardView::makeCurrent(int column, const QModelIndex &proxyIndex)
{
    QListView *view = m_views[column];
    if (view->currentIndex() == proxyIndex) {
        view->selectionModel()->select(proxyIndex, QItemSelectionModel::ClearAndSelect);
        cardBecameCurrent(column);
    } else {
        view->setCurrentIndex(proxyIndex);
    }
    view->scrollTo(proxyIndex);
    m_scroll->ensureWidgetVisible(view);
}

void BoardView::setFilter(const BoardFilterProxy::Filter &filter)
{
    m_proxy->setFilter(filter);
    updateHeaders();
}

void BoardView::setColumnLimit(PhaseState state, int limit)
{
    m_limits[int(state)] = std::max(0, limit);
    updateHeaders();
}

void BoardView::rootColumns()
{
    for (int c = 0; c < PhaseStateCount; ++c) {
        if (m_views[c]->model() == m_proxy) // not yet while setBoardModel() sets the source
            m_views[c]->setRootIndex(m_proxy->index(c, 0));
    }
    updateHeaders();
}

void BoardView::updateHeaders()
{
    if (!m_proxy->sourceModel())
        return;
    for (int c = 0; c < PhaseStateCount; ++c) {
        const int count = m_proxy->rowCount(m_proxy->index(c, 0));
        const int limit = m_limits[c];
        QString text = limit > 0 ? tr("%1  %2 / %3").arg(toString(PhaseState(c))).arg(count).arg(limit)
                                 : tr("%1  %2").arg(toString(PhaseState(c))).arg(count);
        const bool over = limit > 0 && count > limit;
        if (over)
            text += tr("  — over limit");
        QLabel *header = m_headers[c];
        header->setText(text);
        QFont font = header->font();
        font.setBold(true);
        header->setFont(font);
        QPalette pal = header->palette();
        pal.setColor(
            QPalette::WindowText, over ? toneColor(Tone::Bad, palette()) : palette().color(QPalette::WindowText));
        header->setPalette(pal);
        header->setToolTip(
            limit > 0 ? tr("%1 cards; work-in-progress limit %2").arg(count).arg(limit) : tr("%1 cards").arg(count));
    }
}

QModelIndex BoardView::currentCard() const
{
    if (m_currentColumn < 0)
        return {};
    const QModelIndex current = m_views[m_currentColumn]->currentIndex();
    if (!current.isValid() || !m_views[m_currentColumn]->selectionModel()->isSelected(current))
        return {};
    return m_proxy->mapToSource(current);
}

bool BoardView::selectCard(const QModelIndex &boardIndex)
{
    const QModelIndex proxyIndex = m_proxy->mapFromSource(boardIndex);
    if (!proxyIndex.isValid())
        return false;
    const int c = proxyIndex.parent().row();
    if (c < 0 || c >= PhaseStateCount)
        return false;
    makeCurrent(c, proxyIndex);
    return true;
}

void BoardView::moveToColumn(int from, int step)
{
    const QModelIndex current = m_views[from]->currentIndex();
    // Keep the card's height on screen: the card in the target column nearest to
    // the same vertical position.
    const int y = current.isValid() ? m_views[from]->visualRect(current).center().y() : 0;
    for (int c = from + step; c >= 0 && c < PhaseStateCount; c += step) {
        QListView *view = m_views[c];
        const QModelIndex root = view->rootIndex();
        const int rows = m_proxy->rowCount(root);
        if (rows == 0)
            continue;
        QModelIndex target = view->indexAt(QPoint(view->viewport()->width() / 2, y));
        if (!target.isValid())
            target = m_proxy->index(y <= 0 ? 0 : rows - 1, 0, root);
        view->setFocus(Qt::TabFocusReason);
        makeCurrent(c, target);
        return;
    }
}

bool BoardView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const auto it = std::find(m_views.begin(), m_views.end(), watched);
        if (it != m_views.end() && key->modifiers() == Qt::NoModifier) {
            const int column = int(it - m_views.begin());
            if (key->key() == Qt::Key_Left || key->key() == Qt::Key_Right) {
                moveToColumn(column, key->key() == Qt::Key_Left ? -1 : 1);
                return true;
            }
            if ((key->key() == Qt::Key_Down || key->key() == Qt::Key_Up)
                && !m_views[column]->selectionModel()->isSelected(m_views[column]->currentIndex())) {
                // First arrow into a column whose current card is not selected: select it.
                QListView *view = m_views[column];
                const QModelIndex target
                    = view->currentIndex().isValid() ? view->currentIndex() : m_proxy->index(0, 0, view->rootIndex());
                if (target.isValid()) {
                    makeCurrent(column, target);
                    return true;
                }
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace Autopack::Ui
