#include "transcriptview.h"

#include "store.h"
#include "transcriptdelegate.h"
#include "transcriptmodel.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QResizeEvent>
#include <QScrollBar>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace Autopack::Ui {

TranscriptView::TranscriptView(QWidget *parent)
    : QWidget(parent)
    , m_model(new TranscriptModel(this))
    , m_header(new QLabel(this))
    , m_tree(new QTreeView(this))
{
    setObjectName(QStringLiteral("transcriptView"));
    m_header->setObjectName(QStringLiteral("transcriptHeader"));
    m_header->setWordWrap(true);
    m_header->setToolTip(tr("What the phase's agents reported, newest at the bottom. Tool calls, their results "
                            "and long messages are folded: unfold them with ▸."));
    m_tree->setObjectName(QStringLiteral("transcriptTree"));
    m_tree->setModel(m_model);
    m_tree->setAnimated(false);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setTextElideMode(Qt::ElideRight);
    // Folded texts are several lines; their rows grow to them, so the rows are laid out
    // again when the width changes (coalesced: a dragged splitter resizes often).
    m_tree->setUniformRowHeights(false);
    m_tree->setItemDelegate(new TranscriptDelegate(m_tree));
    m_tree->viewport()->installEventFilter(this);
    m_relayout.setSingleShot(true);
    m_relayout.setInterval(100);
    connect(&m_relayout, &QTimer::timeout, m_tree, &QTreeView::doItemsLayout);
    QHeaderView *header = m_tree->header();
    header->setStretchLastSection(true);
    const QFontMetrics metrics(m_tree->font());
    const int padding = 2 * metrics.horizontalAdvance(QLatin1Char('M'));
    header->resizeSection(TranscriptModel::TimeColumn,
        metrics.horizontalAdvance(QStringLiteral("00:00:00")) + padding + m_tree->indentation() * 2);
    header->resizeSection(TranscriptModel::KindColumn, metrics.horizontalAdvance(tr("tool result")) + padding);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_header);
    layout->addWidget(m_tree, 1);

    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        rowsAdded({}, 0, m_model->rowCount() - 1);
        updateHeader();
    });
    // Decided before the rows change the scroll range.
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this, [this] {
        const QScrollBar *bar = m_tree->verticalScrollBar();
        m_followBottom = bar->value() >= bar->maximum();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent, int first, int last) {
        rowsAdded(parent, first, last);
        updateHeader();
        if (m_followBottom)
            QTimer::singleShot(0, m_tree, &QTreeView::scrollToBottom);
    });
    clear();
}

TranscriptView::~TranscriptView() { m_tree->setModel(nullptr); }

bool TranscriptView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_tree->viewport() && event->type() == QEvent::Resize) {
        const auto *resize = static_cast<QResizeEvent *>(event);
        if (resize->size().width() != resize->oldSize().width())
            m_relayout.start();
    }
    return QWidget::eventFilter(watched, event);
}

void TranscriptView::setStore(const Store *store)
{
    m_store = store;
    m_model->setNotifier(store ? store->notifier() : nullptr);
    clear();
}

void TranscriptView::follow(const QString &runId, const QString &phaseId)
{
    if (!m_store) {
        clear();
        return;
    }
    if (runId == m_model->runId() && phaseId == m_model->phaseId())
        return;
    // One read when the phase is chosen, in pages; the notifier brings the rest.
    QList<TranscriptEvent> events;
    qint64 after = 0;
    QString error;
    for (;;) {
        const auto page = m_store->transcript(runId, phaseId, after);
        if (!page) {
            error = page.error().message;
            break;
        }
        events += *page;
        if (page->size() < Store::kTranscriptEventLimit)
            break;
        after = page->constLast().id;
    }
    m_model->setPhase(runId, phaseId, events);
    if (!error.isEmpty())
        m_header->setText(tr("Transcript of %1: %2").arg(phaseId, error));
    m_tree->scrollToBottom();
}

void TranscriptView::clear() { m_model->clear(); }

// Attempts open as they come; each spans the row, as does a folded text.
void TranscriptView::rowsAdded(const QModelIndex &parent, int first, int last)
{
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = m_model->index(row, 0, parent);
        const auto type = TranscriptModel::RowType(index.data(TranscriptModel::RowTypeRole).toInt());
        if (type == TranscriptModel::RowType::Event) {
            if (m_model->rowCount(index) > 0)
                m_tree->setFirstColumnSpanned(0, index, true);
            continue;
        }
        m_tree->setFirstColumnSpanned(row, parent, true);
        if (type == TranscriptModel::RowType::Attempt) {
            m_tree->expand(index);
            rowsAdded(index, 0, m_model->rowCount(index) - 1);
        }
    }
}

void TranscriptView::updateHeader()
{
    if (m_model->phaseId().isEmpty()) {
        m_header->setText(tr("Select a phase to see its agent transcript."));
        return;
    }
    m_header->setText(m_model->eventCount() == 0
            ? tr("Transcript of %1: no agent events yet.").arg(m_model->phaseId())
            : tr("Transcript of %1 · %n event(s)", nullptr, m_model->eventCount()).arg(m_model->phaseId()));
}

} // namespace Autopack::Ui
