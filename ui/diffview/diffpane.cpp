#include "diffpane.h"

#include "diffviewlog.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QTimer>

#include <algorithm>

namespace Autopack::DiffUi {

using Git::DiffFile;
using Git::DiffLine;
using Git::Hunk;
using Highlight::FormatRange;

namespace {

constexpr int kGap = 6; // pixels between gutter columns
constexpr int kTabWidth = 4;

QColor blend(const QColor &base, const QColor &tint, qreal amount)
{
    return QColor::fromRgbF(base.redF() * (1 - amount) + tint.redF() * amount,
        base.greenF() * (1 - amount) + tint.greenF() * amount, base.blueF() * (1 - amount) + tint.blueF() * amount);
}

// Tabs are painted as spaces up to the next tab stop; `columns[i]` is where UTF-16 unit
// i of the line starts in the painted text (columns.size() == text.size() + 1).
QString expandTabs(const QString &text, std::vector<int> &columns)
{
    columns.clear();
    if (!text.contains(u'\t'))
        return text;
    QString out;
    out.reserve(text.size() + 16);
    columns.reserve(size_t(text.size()) + 1);
    for (QChar c : text) {
        columns.push_back(int(out.size()));
        if (c == u'\t')
            out.append(QString(kTabWidth - out.size() % kTabWidth, u' '));
        else
            out.append(c);
    }
    columns.push_back(int(out.size()));
    return out;
}

} // namespace

DiffPane::DiffPane(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setAutoFillBackground(false);
    setAccessibleName(tr("Diff"));
    m_charWidth = std::max(1, fontMetrics().horizontalAdvance(u'0'));
}

DiffPane::~DiffPane() { cancelHighlighting(); }

int DiffPane::rowHeight() const { return fontMetrics().height() + 2; }

int DiffPane::advance(const QString &text) const { return fontMetrics().horizontalAdvance(text); }

bool DiffPane::isDark() const { return palette().color(QPalette::Base).lightnessF() < 0.5; }

void DiffPane::setFiles(QList<DiffFile> files)
{
    cancelHighlighting();
    m_highlights.clear();
    m_failedHighlights.clear();
    m_model.setFiles(std::move(files));
    m_lastSwitch = {};
    int maxLine = 1;
    for (const DiffFile &file : m_model.files()) {
        for (const Hunk &hunk : file.hunks)
            maxLine = std::max({ maxLine, hunk.oldStart + hunk.oldCount, hunk.newStart + hunk.newCount });
    }
    m_numberWidth = advance(QString::number(maxLine)) + kGap;
    m_current = m_anchor = 0;
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    updateScrollBars();
    viewport()->update();
    scheduleHighlighting();
}

void DiffPane::setHugeFileLines(int lines)
{
    m_model.setHugeFileLines(lines);
    m_model.setFiles(QList<DiffFile>(m_model.files()));
    updateScrollBars();
    viewport()->update();
}

void DiffPane::setHighlighter(Highlight::SyntaxHighlighter *highlighter)
{
    cancelHighlighting();
    m_highlights.clear();
    m_failedHighlights.clear();
    m_highlighter = highlighter;
    scheduleHighlighting();
}

void DiffPane::setMode(DiffMode mode)
{
    if (mode == m_model.mode())
        return;
    // A side-by-side row holds two lines; switching back right away returns to the
    // line that was at the top before, not to the left one of its pair.
    const bool roundTrip
        = m_lastSwitch.valid && m_lastSwitch.topRow == topRow() && m_lastSwitch.currentRow == m_current;
    const RowAnchor top = roundTrip ? m_lastSwitch.top : m_model.anchorAt(topRow());
    const RowAnchor current = roundTrip ? m_lastSwitch.current : m_model.anchorAt(m_current);
    m_model.setMode(mode);
    updateScrollBars();
    m_current = m_anchor = std::max(0, m_model.rowFor(current));
    scrollToRow(m_model.rowFor(top));
    m_lastSwitch = { true, top, current, topRow(), m_current };
    viewport()->update();
}

int DiffPane::topRow() const { return verticalScrollBar()->value(); }

void DiffPane::scrollToRow(int row)
{
    verticalScrollBar()->setValue(std::clamp(row, 0, std::max(0, m_model.rowCount() - 1)));
}

void DiffPane::updateScrollBars()
{
    const int visible = std::max(1, viewport()->height() / rowHeight());
    // Rows scroll one at a time: the top row is always whole, so positions are rows.
    verticalScrollBar()->setRange(0, std::max(0, m_model.rowCount() - visible));
    verticalScrollBar()->setPageStep(visible);
    verticalScrollBar()->setSingleStep(1);
    const int textWidth = (m_model.longestLine() + 8) * m_charWidth;
    const int available = m_model.mode() == DiffMode::Unified
        ? viewport()->width() - textX(false)
        : viewport()->width() / 2 - (textX(true) - viewport()->width() / 2);
    horizontalScrollBar()->setRange(0, std::max(0, textWidth - available));
    horizontalScrollBar()->setPageStep(std::max(1, available));
    horizontalScrollBar()->setSingleStep(m_charWidth * 4);
}

int DiffPane::textX(bool rightSide) const
{
    const int sign = 2 * m_charWidth;
    if (m_model.mode() == DiffMode::Unified)
        return 2 * m_numberWidth + sign + kGap;
    const int half = viewport()->width() / 2;
    return (rightSide ? half : 0) + m_numberWidth + sign + kGap;
}

void DiffPane::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
    scheduleHighlighting();
}

void DiffPane::scrollContentsBy(int, int)
{
    viewport()->update();
    scheduleHighlighting();
}

void DiffPane::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        m_charWidth = std::max(1, fontMetrics().horizontalAdvance(u'0'));
        updateScrollBars();
    } else if (event->type() == QEvent::PaletteChange) {
        // The theme follows the palette: ask again in the other one.
        cancelHighlighting();
        m_highlights.clear();
        m_failedHighlights.clear();
        scheduleHighlighting();
    }
}

int DiffPane::rowAt(int y) const
{
    const int row = topRow() + y / rowHeight();
    return row < m_model.rowCount() ? row : -1;
}

void DiffPane::ensureVisible(int row)
{
    const int visible = std::max(1, viewport()->height() / rowHeight());
    if (row < topRow())
        scrollToRow(row);
    else if (row >= topRow() + visible)
        scrollToRow(row - visible + 1);
}

void DiffPane::setCurrentRow(int row, bool extendSelection)
{
    if (m_model.rowCount() == 0)
        return;
    row = std::clamp(row, 0, m_model.rowCount() - 1);
    const int oldFile = m_model.fileOfRow(m_current);
    m_current = row;
    if (!extendSelection)
        m_anchor = row;
    ensureVisible(row);
    viewport()->update();
    if (m_model.fileOfRow(row) != oldFile)
        Q_EMIT currentFileChanged(m_model.fileOfRow(row));
}

std::pair<int, int> DiffPane::selection() const
{
    return { std::min(m_anchor, m_current), std::max(m_anchor, m_current) };
}

QString DiffPane::selectedText() const
{
    if (m_model.rowCount() == 0)
        return {};
    const auto [first, last] = selection();
    QStringList lines;
    lines.reserve(last - first + 1);
    for (int row = first; row <= last; ++row)
        lines.append(m_model.rowText(row));
    return lines.join(u'\n');
}

void DiffPane::copy()
{
    if (QClipboard *clipboard = QApplication::clipboard())
        clipboard->setText(selectedText());
}

void DiffPane::nextHunk()
{
    const int row = m_model.nextHunkRow(m_current);
    if (row >= 0) {
        setCurrentRow(row);
        scrollToRow(row);
    }
}

void DiffPane::previousHunk()
{
    const int row = m_model.previousHunkRow(m_current);
    if (row >= 0) {
        setCurrentRow(row);
        scrollToRow(row);
    }
}

void DiffPane::nextFile()
{
    const int row = m_model.nextFileRow(m_current);
    if (row >= 0) {
        setCurrentRow(row);
        scrollToRow(row);
    }
}

void DiffPane::previousFile()
{
    const int row = m_model.previousFileRow(m_current);
    if (row >= 0) {
        setCurrentRow(row);
        scrollToRow(row);
    }
}

void DiffPane::scrollToFile(int file)
{
    const int row = m_model.fileRow(file);
    if (row >= 0) {
        setCurrentRow(row);
        scrollToRow(row);
    }
}

void DiffPane::toggleCollapsed(int file)
{
    if (file < 0 || file >= m_model.files().size())
        return;
    const DiffFile &diff = m_model.files().at(file);
    if (diff.tooLarge && diff.hunks.isEmpty()) {
        Q_EMIT fullFileRequested(file, diff.path());
        return;
    }
    const RowAnchor top = m_model.anchorAt(topRow());
    m_model.setCollapsed(file, !m_model.isCollapsed(file));
    updateScrollBars();
    scrollToRow(m_model.rowFor(top));
    m_current = m_anchor = m_model.fileRow(file);
    viewport()->update();
    scheduleHighlighting();
}

void DiffPane::replaceFile(int file, DiffFile diff)
{
    if (file < 0 || file >= m_model.files().size())
        return;
    const RowAnchor top = m_model.anchorAt(topRow());
    if (const auto pending = m_pendingHighlights.take(file); pending) {
        pending->cancel();
        pending->deleteLater();
    }
    m_highlights.remove(file);
    m_failedHighlights.remove(file);
    m_model.replaceFile(file, std::move(diff));
    updateScrollBars();
    scrollToRow(m_model.rowFor(top));
    m_current = m_anchor = m_model.fileRow(file);
    viewport()->update();
    scheduleHighlighting();
}

bool DiffPane::expandContext(int file, int hunk, int lines)
{
    if (!m_contentProvider || file < 0 || file >= m_model.files().size())
        return false;
    const QStringList content = m_contentProvider(m_model.files().at(file));
    if (content.isEmpty())
        return false;
    const RowAnchor current = m_model.anchorAt(m_current);
    m_model.setExpandedAbove(file, hunk, m_model.expandedAbove(file, hunk) + lines, content);
    updateScrollBars();
    m_current = m_anchor = m_model.rowFor(current);
    viewport()->update();
    return true;
}

void DiffPane::setFindText(const QString &text)
{
    m_findText = text;
    viewport()->update();
}

bool DiffPane::find(const QString &text, bool backward)
{
    setFindText(text);
    const int count = m_model.rowCount();
    if (text.isEmpty() || count == 0)
        return false;
    for (int step = 1; step <= count; ++step) {
        const int row = ((backward ? m_current - step : m_current + step) % count + count) % count;
        const DiffRow &r = m_model.row(row);
        if (r.kind == DiffRow::Kind::Collapsed)
            continue;
        if (m_model.rowText(row).contains(text, Qt::CaseInsensitive)) {
            setCurrentRow(row);
            return true;
        }
    }
    return false;
}

void DiffPane::keyPressEvent(QKeyEvent *event)
{
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const bool alt = event->modifiers() & Qt::AltModifier;
    const int page = std::max(1, viewport()->height() / rowHeight() - 1);
    const DiffRow *row = m_model.rowCount() ? &m_model.row(m_current) : nullptr;
    if (event->matches(QKeySequence::Copy)) {
        copy();
        return;
    }
    switch (event->key()) {
    case Qt::Key_Down:
        if (alt)
            shift ? nextFile() : nextHunk();
        else
            setCurrentRow(m_current + 1, shift);
        return;
    case Qt::Key_Up:
        if (alt)
            shift ? previousFile() : previousHunk();
        else
            setCurrentRow(m_current - 1, shift);
        return;
    case Qt::Key_PageDown:
        setCurrentRow(m_current + page, shift);
        return;
    case Qt::Key_PageUp:
        setCurrentRow(m_current - page, shift);
        return;
    case Qt::Key_Home:
        setCurrentRow(0, shift);
        return;
    case Qt::Key_End:
        setCurrentRow(m_model.rowCount() - 1, shift);
        return;
    case Qt::Key_N:
        if (!(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
            shift ? nextFile() : nextHunk();
            return;
        }
        break;
    case Qt::Key_P:
        if (!(event->modifiers() & (Qt::ControlModifier | Qt::AltModifier))) {
            shift ? previousFile() : previousHunk();
            return;
        }
        break;
    case Qt::Key_X: // show more context above the current hunk
        if (row && row->hunk >= 0) {
            expandContext(row->file, row->hunk);
            return;
        }
        break;
    case Qt::Key_Space:
        if (row && (row->kind == DiffRow::Kind::FileHeader || row->kind == DiffRow::Kind::Collapsed)) {
            toggleCollapsed(row->file);
            return;
        }
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_E:
        if (row && row->kind == DiffRow::Kind::Collapsed) {
            toggleCollapsed(row->file);
            return;
        }
        if (row) {
            Q_EMIT openInEditor(m_model.files().at(row->file).path(), m_model.editorLine(m_current));
            return;
        }
        break;
    default:
        break;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

void DiffPane::mousePressEvent(QMouseEvent *event)
{
    const int row = rowAt(int(event->position().y()));
    if (row < 0)
        return;
    setCurrentRow(row, event->modifiers() & Qt::ShiftModifier);
    const DiffRow &r = m_model.row(row);
    if (event->button() == Qt::LeftButton && r.kind == DiffRow::Kind::Collapsed)
        toggleCollapsed(r.file);
}

void DiffPane::mouseMoveEvent(QMouseEvent *event)
{
    if (!(event->buttons() & Qt::LeftButton))
        return;
    const int y = int(event->position().y());
    if (y < 0)
        setCurrentRow(topRow() - 1, true);
    else if (const int row = rowAt(y); row >= 0)
        setCurrentRow(row, true);
}

void DiffPane::mouseReleaseEvent(QMouseEvent *event) { event->accept(); }

void DiffPane::mouseDoubleClickEvent(QMouseEvent *event)
{
    const int row = rowAt(int(event->position().y()));
    if (row < 0)
        return;
    const DiffRow &r = m_model.row(row);
    if (r.kind == DiffRow::Kind::HunkHeader && canExpandContext())
        expandContext(r.file, r.hunk);
    else if (r.kind == DiffRow::Kind::FileHeader)
        toggleCollapsed(r.file);
    else
        Q_EMIT openInEditor(m_model.files().at(r.file).path(), m_model.editorLine(row));
}

// Highlighting -----------------------------------------------------------------------

void DiffPane::scheduleHighlighting()
{
    if (!m_highlighter || m_highlightScheduled)
        return;
    // Never from inside paintEvent or a scroll: once the event loop is idle again.
    m_highlightScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_highlightScheduled = false;
        requestHighlighting();
    });
}

void DiffPane::cancelHighlighting()
{
    for (const QPointer<Highlight::HighlightReply> &reply : std::as_const(m_pendingHighlights)) {
        if (reply) {
            reply->cancel();
            reply->deleteLater();
        }
    }
    m_pendingHighlights.clear();
}

void DiffPane::requestHighlighting()
{
    if (!m_highlighter || m_model.rowCount() == 0)
        return;
    // What is in view and two screens below it ("soon visible").
    const int visible = std::max(1, viewport()->height() / rowHeight());
    const int first = topRow();
    const int last = std::min(m_model.rowCount() - 1, first + 3 * visible);
    const int firstFile = m_model.fileOfRow(first);
    const int lastFile = m_model.fileOfRow(last);
    const auto theme = isDark() ? Highlight::ThemeKind::Dark : Highlight::ThemeKind::Light;
    for (int f = firstFile; f >= 0 && f <= lastFile; ++f) {
        if (m_highlights.contains(f) || m_pendingHighlights.contains(f) || m_failedHighlights.contains(f)
            || m_model.isCollapsed(f))
            continue;
        const DiffFile &file = m_model.files().at(f);
        if (file.hunks.isEmpty() || m_model.diffLineCount(f) > m_maxHighlightLines)
            continue;
        // The hunks' lines in order, as one text: enough context for a highlighter
        // that carries state from line to line within a hunk.
        QStringList lines;
        std::vector<int> offsets;
        for (const Hunk &hunk : file.hunks) {
            offsets.push_back(int(lines.size()));
            for (const DiffLine &line : hunk.lines)
                lines.append(line.kind == DiffLine::Kind::NoNewline ? QString() : line.text);
        }
        Highlight::HighlightReply *reply = m_highlighter->request(file.path(), lines, theme);
        m_pendingHighlights.insert(f, reply);
        connect(reply, &Highlight::HighlightReply::finished, this, [this, f, reply, offsets] {
            m_pendingHighlights.remove(f);
            reply->deleteLater();
            if (!reply->result()) {
                m_failedHighlights.insert(f);
                // Not retried for this diff: the text stays readable, uncoloured.
                qCInfo(lcDiffView) << "no syntax highlighting:" << reply->result().error().message;
                Q_EMIT highlightingFailed(f, reply->result().error().message);
                return;
            }
            m_highlights.insert(f, FileHighlight { *reply->result(), offsets });
            viewport()->update();
            Q_EMIT highlightingArrived(f);
        });
    }
}

const QList<FormatRange> *DiffPane::formatsFor(int file, int hunk, int line) const
{
    const auto it = m_highlights.constFind(file);
    if (it == m_highlights.cend() || hunk < 0 || hunk >= int(it->hunkOffsets.size()))
        return nullptr;
    const int index = it->hunkOffsets[size_t(hunk)] + line;
    if (index < 0 || index >= it->formats.size())
        return nullptr;
    return &it->formats.at(index);
}

// Painting -----------------------------------------------------------------------------

void DiffPane::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), palette().color(QPalette::Base));
    const int height = rowHeight();
    const int first = topRow();
    const int count = viewport()->height() / height + 1;
    for (int i = 0; i < count && first + i < m_model.rowCount(); ++i)
        paintRow(painter, first + i, i * height);
}

void DiffPane::paintRow(QPainter &painter, int rowIndex, int y)
{
    const DiffRow &row = m_model.row(rowIndex);
    const DiffFile &file = m_model.files().at(row.file);
    const QPalette &pal = palette();
    const int width = viewport()->width();
    const int height = rowHeight();
    const QRect rect(0, y, width, height);
    const int baseline = y + 1 + fontMetrics().ascent();
    const auto [selFirst, selLast] = selection();
    const bool selected = rowIndex >= selFirst && rowIndex <= selLast;

    switch (row.kind) {
    case DiffRow::Kind::FileHeader: {
        painter.fillRect(rect, pal.color(QPalette::Button));
        QFont bold = font();
        bold.setBold(true);
        painter.setFont(bold);
        painter.setPen(pal.color(QPalette::ButtonText));
        QString text = m_model.rowText(rowIndex);
        QStringList notes;
        notes.append(QStringLiteral("+%1 −%2").arg(file.additions).arg(file.deletions));
        if (file.status == DiffFile::Status::Renamed)
            notes.append(tr("renamed, %1% similar").arg(file.similarity));
        else if (file.status == DiffFile::Status::Added)
            notes.append(tr("new file"));
        else if (file.status == DiffFile::Status::Deleted)
            notes.append(tr("deleted"));
        if (file.modeChanged())
            notes.append(tr("mode %1 → %2").arg(file.oldMode, 0, 8).arg(file.newMode, 0, 8));
        if (file.binary)
            notes.append(tr("binary"));
        text += QStringLiteral("   ") + notes.join(QStringLiteral(", "));
        painter.drawText(kGap, baseline, text);
        painter.setFont(font());
        break;
    }
    case DiffRow::Kind::Collapsed: {
        painter.fillRect(rect, pal.color(QPalette::AlternateBase));
        painter.setPen(pal.color(QPalette::PlaceholderText));
        QString text;
        if (file.binary)
            text = tr("Binary file not shown");
        else if (file.tooLarge)
            text = tr("File too large to diff (+%1 −%2): click or press Space to load it")
                       .arg(file.additions)
                       .arg(file.deletions);
        else if (m_model.isCollapsed(row.file))
            text = tr("Large diff (%1 lines) hidden: click or press Space to show it")
                       .arg(m_model.diffLineCount(row.file));
        painter.drawText(kGap * 2, baseline, text);
        break;
    }
    case DiffRow::Kind::HunkHeader: {
        painter.fillRect(rect, blend(pal.color(QPalette::Base), pal.color(QPalette::Highlight), 0.15));
        painter.setPen(pal.color(QPalette::PlaceholderText));
        QString text = file.hunks.at(row.hunk).header;
        if (canExpandContext())
            text += QStringLiteral("   ") + tr("(x: more context)");
        painter.drawText(kGap - horizontalScrollBar()->value() + textX(false) - kGap, baseline, text);
        break;
    }
    case DiffRow::Kind::ExpandedContext: {
        const QString text = m_model.expandedText(row);
        painter.setPen(pal.color(QPalette::PlaceholderText));
        const bool unified = m_model.mode() == DiffMode::Unified;
        const int half = width / 2;
        auto number = [&](int value, int x) {
            if (value > 0)
                painter.drawText(QRect(x, y, m_numberWidth - kGap, height), Qt::AlignRight | Qt::AlignVCenter,
                    QString::number(value));
        };
        if (unified) {
            number(row.left, 0);
            number(row.right, m_numberWidth);
            painter.setPen(pal.color(QPalette::Text));
            painter.setClipRect(QRect(textX(false), y, width - textX(false), height));
            paintText(
                painter, text, {}, nullptr, false, {}, textX(false) - horizontalScrollBar()->value(), baseline, width);
            painter.setClipping(false);
        } else {
            for (int side = 0; side < 2; ++side) {
                const int x0 = side ? half : 0;
                painter.setPen(pal.color(QPalette::PlaceholderText));
                number(side ? row.right : row.left, x0);
                painter.setPen(pal.color(QPalette::Text));
                painter.setClipRect(QRect(textX(side), y, (side ? width : half) - textX(side), height));
                paintText(painter, text, {}, nullptr, false, {}, textX(side) - horizontalScrollBar()->value(), baseline,
                    x0 + half);
                painter.setClipping(false);
            }
        }
        break;
    }
    case DiffRow::Kind::Line:
        if (m_model.mode() == DiffMode::Unified) {
            const DiffLine *line = m_model.leftLine(row);
            const Hunk &hunk = file.hunks.at(row.hunk);
            const DiffLine *pair = line->pairedLine >= 0 ? &hunk.lines.at(line->pairedLine) : nullptr;
            paintSide(painter, row.file, row.hunk, row.left, line, pair, 0, width, y, true);
        } else {
            const int half = width / 2;
            const DiffLine *left = m_model.leftLine(row);
            const DiffLine *right = m_model.rightLine(row);
            paintSide(painter, row.file, row.hunk, row.left, left, right, 0, half, y, false);
            paintSide(painter, row.file, row.hunk, row.right, right, left, half, width - half, y, false);
            painter.setPen(pal.color(QPalette::Mid));
            painter.drawLine(half, y, half, y + height);
        }
        break;
    }

    if (const QList<LineMarker> markers = markersAt(rowIndex); !markers.isEmpty()) {
        painter.fillRect(QRect(0, y, 4, height), markers.first().color);
        QStringList texts;
        for (const LineMarker &m : markers)
            texts.append(m.text);
        const QString note = fontMetrics().elidedText(texts.join(QStringLiteral(" | ")), Qt::ElideRight, width / 2);
        const int noteWidth = fontMetrics().horizontalAdvance(note) + 2 * kGap;
        QColor back = markers.first().color;
        back.setAlpha(60);
        painter.fillRect(QRect(width - noteWidth, y, noteWidth, height), back);
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(width - noteWidth + kGap, baseline, note);
    }
    if (!m_findText.isEmpty() && row.kind != DiffRow::Kind::Collapsed
        && m_model.rowText(rowIndex).contains(m_findText, Qt::CaseInsensitive)) {
        QColor found = QColor(255, 200, 0);
        found.setAlpha(90);
        painter.fillRect(QRect(0, y, 4, height), found);
    }
    if (selected) {
        QColor highlight = pal.color(QPalette::Highlight);
        highlight.setAlpha(hasFocus() ? 60 : 35);
        painter.fillRect(rect, highlight);
    }
    if (rowIndex == m_current && hasFocus()) {
        painter.setPen(pal.color(QPalette::Highlight));
        painter.drawRect(rect.adjusted(0, 0, -1, -1));
    }
}

void DiffPane::paintSide(QPainter &painter, int fileIndex, int hunk, int lineIndex, const DiffLine *line,
    const DiffLine *pairLine, int x0, int width, int y, bool unified)
{
    const QPalette &pal = palette();
    const int height = rowHeight();
    const QColor base = pal.color(QPalette::Base);
    const bool dark = isDark();
    const QColor green = dark ? QColor(60, 160, 80) : QColor(80, 200, 100);
    const QColor red = dark ? QColor(190, 70, 70) : QColor(235, 90, 90);
    if (!line) {
        // No line on this side: hatched filler, as the other side has one.
        painter.fillRect(QRect(x0, y, width, height), blend(base, pal.color(QPalette::Mid), 0.25));
        return;
    }
    QColor background = base;
    QColor change;
    QString sign = QStringLiteral(" ");
    if (line->kind == DiffLine::Kind::Added) {
        background = blend(base, green, line->whitespaceOnly ? 0.10 : 0.22);
        change = blend(base, green, 0.55);
        sign = QStringLiteral("+");
    } else if (line->kind == DiffLine::Kind::Removed) {
        background = blend(base, red, line->whitespaceOnly ? 0.10 : 0.22);
        change = blend(base, red, 0.55);
        sign = QStringLiteral("-");
    }
    painter.fillRect(QRect(x0, y, width, height), background);
    const int baseline = y + 1 + fontMetrics().ascent();

    painter.setPen(pal.color(QPalette::PlaceholderText));
    auto number = [&](int value, int x) {
        if (value > 0)
            painter.drawText(
                QRect(x, y, m_numberWidth - kGap, height), Qt::AlignRight | Qt::AlignVCenter, QString::number(value));
    };
    int x = x0;
    if (unified) {
        number(line->oldLine, x);
        x += m_numberWidth;
        number(line->newLine, x);
        x += m_numberWidth;
    } else {
        number(
            line->kind == DiffLine::Kind::Added ? line->newLine : (line->oldLine > 0 ? line->oldLine : line->newLine),
            x);
        // Side by side: the old side shows old numbers, the new side new ones.
        x += m_numberWidth;
    }
    // Whitespace-only changes say so in the sign column, as the colour alone is faint.
    if (line->whitespaceOnly && line->kind != DiffLine::Kind::Context)
        sign += QStringLiteral("·");
    painter.drawText(x, baseline, sign);
    const int textStart = x0 + (unified ? textX(false) : textX(x0 > 0) - (x0 > 0 ? viewport()->width() / 2 : 0));

    painter.setClipRect(QRect(textStart, y, x0 + width - textStart, height));
    const int textLeft = textStart - horizontalScrollBar()->value();
    if (line->kind == DiffLine::Kind::NoNewline) {
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(textLeft, baseline, tr("\\ No newline at end of file"));
    } else {
        painter.setPen(pal.color(QPalette::Text));
        paintText(painter, line->text, line->changes, formatsFor(fileIndex, hunk, lineIndex), line->whitespaceOnly,
            change, textLeft, baseline, x0 + width);
        // A changed line ending is whitespace too: mark the "\r" that only one side has.
        if (pairLine && line->crlf != pairLine->crlf && line->crlf) {
            QString painted = line->text;
            std::vector<int> columns;
            painted = expandTabs(painted, columns);
            const int endX = textLeft + advance(painted);
            const QString cr = QStringLiteral("\\r");
            painter.fillRect(QRect(endX, y + 1, advance(cr), height - 2), change);
            painter.setPen(pal.color(QPalette::PlaceholderText));
            painter.drawText(endX, baseline, cr);
        }
    }
    painter.setClipping(false);
}

void DiffPane::paintText(QPainter &painter, const QString &text, const QList<Git::TextRange> &changes,
    const QList<FormatRange> *formats, bool whitespaceOnly, const QColor &changeColor, int x, int baseline,
    int clipRight)
{
    std::vector<int> columns;
    QString painted = expandTabs(text, columns);
    auto column = [&](int offset) {
        return columns.empty() ? offset : columns[size_t(std::clamp(offset, 0, int(text.size())))];
    };
    const QFontMetrics metrics = fontMetrics();
    const int top = baseline - metrics.ascent();
    auto xAt = [&](int paintedOffset) {
        return x + metrics.horizontalAdvance(QStringView(painted).left(paintedOffset).toString());
    };

    for (const Git::TextRange &range : changes) {
        const int start = column(range.offset);
        const int end = column(range.end());
        const int x1 = xAt(start);
        if (x1 > clipRight)
            break;
        painter.fillRect(QRect(x1, top, xAt(end) - x1, metrics.height()), changeColor);
        if (whitespaceOnly) {
            // Make the changed whitespace visible: a dot per space, an arrow per tab.
            QString marks;
            for (int i = range.offset; i < range.end() && i < text.size(); ++i)
                marks += text.at(i) == u'\t' ? QString(column(i + 1) - column(i), u'→') : QString(u'·');
            const QPen pen = painter.pen();
            painter.setPen(palette().color(QPalette::PlaceholderText));
            painter.drawText(x1, baseline, marks);
            painter.setPen(pen);
        }
    }

    const QColor defaultColor = painter.pen().color();
    if (!formats || formats->isEmpty()) {
        painter.drawText(x, baseline, painted);
        return;
    }
    int position = 0; // in text
    int penX = x;
    auto drawRun = [&](int from, int to, const FormatRange *format) {
        if (to <= from || penX > clipRight)
            return;
        const QString run = painted.mid(column(from), column(to) - column(from));
        if (format) {
            painter.setPen(format->hasForeground ? QColor::fromRgba(format->foreground) : defaultColor);
            if (format->bold || format->italic) {
                QFont f = font();
                f.setBold(format->bold);
                f.setItalic(format->italic);
                painter.setFont(f);
            }
        }
        painter.drawText(penX, baseline, run);
        penX += metrics.horizontalAdvance(run);
        if (format) {
            painter.setPen(defaultColor);
            painter.setFont(font());
        }
    };
    for (const FormatRange &format : *formats) {
        const int start = std::clamp(format.start, position, int(text.size()));
        const int end = std::clamp(format.start + format.length, start, int(text.size()));
        drawRun(position, start, nullptr);
        drawRun(start, end, &format);
        position = end;
    }
    drawRun(position, int(text.size()), nullptr);
}

void DiffPane::setLineMarkers(QList<LineMarker> markers)
{
    m_markers = std::move(markers);
    viewport()->update();
}

int DiffPane::newLineAt(int rowIndex) const
{
    if (rowIndex < 0 || rowIndex >= m_model.rowCount())
        return -1;
    const DiffRow &row = m_model.row(rowIndex);
    const DiffLine *line = m_model.mode() == DiffMode::Unified ? m_model.leftLine(row) : m_model.rightLine(row);
    return line && line->newLine > 0 ? line->newLine : -1;
}

QList<LineMarker> DiffPane::markersAt(int rowIndex) const
{
    QList<LineMarker> out;
    if (m_markers.isEmpty() || rowIndex < 0 || rowIndex >= m_model.rowCount())
        return out;
    const DiffRow &row = m_model.row(rowIndex);
    if (row.kind != DiffRow::Kind::Line)
        return out;
    const DiffFile &file = m_model.files().at(row.file);
    int line = newLineAt(rowIndex);
    if (file.status == DiffFile::Status::Deleted) {
        const DiffLine *left = m_model.leftLine(row);
        line = left ? left->oldLine : -1;
    }
    if (line <= 0)
        return out;
    const QString path = file.path();
    for (const LineMarker &m : m_markers) {
        if (m.line == line && m.path == path)
            out.append(m);
    }
    return out;
}

} // namespace Autopack::DiffUi
