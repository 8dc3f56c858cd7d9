#include "requestlogview.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace Autopack::Ui {

RequestLogView::RequestLogView(QAbstractItemModel *model, QWidget *parent)
    : QWidget(parent)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_pause(new QToolButton(this))
    , m_count(new QLabel(this))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("requestLogView"));
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_filter->setObjectName(QStringLiteral("requestFilter"));
    m_filter->setPlaceholderText(tr("Filter by path, agent or status"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_pause->setObjectName(QStringLiteral("requestPause"));
    m_pause->setText(tr("Pause"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Keep the rows in view while new requests arrive above them"));
    // Resuming shows what arrived meanwhile.
    connect(m_pause, &QToolButton::toggled, this, [this](bool paused) {
        if (!paused)
            m_view->scrollToTop();
    });

    m_count->setObjectName(QStringLiteral("requestCount"));

    m_view->setObjectName(QStringLiteral("requestTable"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(false); // the model's order, newest first, is the point
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->horizontalHeader()->setStretchLastSection(false);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_pause);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 4, 2, 2);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_count);

    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeInserted, this, &RequestLogView::rowsAboutToBeInserted);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &RequestLogView::rowsInserted);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &RequestLogView::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        sizeColumnsOnce();
        updateCount();
    });
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &RequestLogView::updateCount);
    setModel(model);
}

RequestLogView::~RequestLogView()
{
    // The view holds the proxy, which holds a model we do not own.
    m_view->setModel(nullptr);
    m_proxy->setSourceModel(nullptr);
}

void RequestLogView::setModel(QAbstractItemModel *model)
{
    m_proxy->setSourceModel(model);
    sizeColumnsOnce();
    updateCount();
}

void RequestLogView::rowsAboutToBeInserted()
{
    m_topRow = m_pause->isChecked() ? QPersistentModelIndex(m_view->indexAt(QPoint(0, 0))) : QPersistentModelIndex();
}

void RequestLogView::rowsInserted()
{
    sizeColumnsOnce();
    updateCount();
    if (!m_pause->isChecked()) {
        m_view->scrollToTop();
    } else if (m_topRow.isValid()) {
        // New rows above push the one being read down: bring it back to the top. The
        // header has taken the new rows already, so the position is known now.
        QScrollBar *bar = m_view->verticalScrollBar();
        const int shift = m_view->rowViewportPosition(m_topRow.row());
        if (m_view->verticalScrollMode() == QAbstractItemView::ScrollPerPixel) {
            bar->setMaximum(std::max(bar->maximum(), bar->value() + shift));
            bar->setValue(bar->value() + shift);
        } else {
            const int rows = shift / std::max(1, m_view->verticalHeader()->defaultSectionSize());
            bar->setMaximum(std::max(bar->maximum(), bar->value() + rows));
            bar->setValue(bar->value() + rows);
        }
    }
    m_topRow = QPersistentModelIndex();
}

void RequestLogView::sizeColumnsOnce()
{
    // Contents are measured once, from the first rows; later rows would make every
    // insert measure the whole column again.
    if (m_sized || m_proxy->rowCount() == 0)
        return;
    m_sized = true;
    QHeaderView *header = m_view->horizontalHeader();
    header->resizeSections(QHeaderView::ResizeToContents);
    if (PathColumn < m_proxy->columnCount())
        header->setSectionResizeMode(PathColumn, QHeaderView::Stretch);
}

void RequestLogView::updateCount()
{
    const int shown = m_proxy->rowCount();
    m_count->setText(shown == 1 ? tr("1 request shown") : tr("%n requests shown", nullptr, shown));
}

} // namespace Autopack::Ui
