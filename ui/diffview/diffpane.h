#pragma once

// The painted diff: a QAbstractScrollArea over a DiffRowModel that paints only the
// rows in view (one widget for the whole diff, however many files and hunks). Syntax
// highlighting is asked for files in or near the view and applied when it arrives;
// until then the text is painted in the default colour.

#include "diffrowmodel.h"
#include "syntaxhighlighter.h"

#include <QAbstractScrollArea>
#include <QColor>
#include <QHash>
#include <QPointer>

namespace Autopack::DiffUi {

// A note shown at one line of a file: a coloured band at the row's left edge and the
// text at its right end (review findings, line comments). `line` is on the new side,
// on the old side for a deleted file.
struct LineMarker {
    QString path;
    int line = 0;
    QString text;
    QColor color;
};

class DiffPane : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit DiffPane(QWidget *parent = nullptr);
    ~DiffPane() override;

    void setFiles(QList<Git::DiffFile> files);
    const DiffRowModel &model() const { return m_model; }
    // The answer to fullFileRequested(): the file diffed again, shown expanded.
    void replaceFile(int file, Git::DiffFile diff);

    // Keeps the row at the top of the view (same file line) across the switch.
    void setMode(DiffMode mode);
    DiffMode mode() const { return m_model.mode(); }

    void setHugeFileLines(int lines);
    // Files with more diff lines than this are not sent to the highlighter.
    void setMaxHighlightLines(int lines) { m_maxHighlightLines = lines; }
    // Not owned: it must outlive the pane, or be unset (nullptr) before it goes.
    void setHighlighter(Highlight::SyntaxHighlighter *highlighter);
    void setContentProvider(ContentProvider provider) { m_contentProvider = std::move(provider); }
    bool canExpandContext() const { return bool(m_contentProvider); }

    // Replaces every marker; those on lines not in the diff are kept but not shown.
    void setLineMarkers(QList<LineMarker> markers);
    const QList<LineMarker> &lineMarkers() const { return m_markers; }
    // The markers painted on a diff row (new-side line, or old side of a removed line
    // of a deleted file); empty for other rows.
    QList<LineMarker> markersAt(int row) const;
    // The new-side line number a Line row shows, or -1 (removed line, other rows).
    int newLineAt(int row) const;

    int topRow() const;
    void scrollToRow(int row); // the row becomes the top row
    int currentRow() const { return m_current; }
    void setCurrentRow(int row, bool extendSelection = false);
    // Selected rows, [first, last]; a single row when nothing was extended.
    std::pair<int, int> selection() const;
    QString selectedText() const;
    void copy();

    void nextHunk();
    void previousHunk();
    void nextFile();
    void previousFile();
    void scrollToFile(int file);
    void toggleCollapsed(int file);
    // Shows `lines` more lines above the current hunk from the content provider.
    bool expandContext(int file, int hunk, int lines = 10);

    // Moves to the next (or previous) row containing text, case-insensitively, from the
    // current row on, wrapping around. False when no row contains it.
    bool find(const QString &text, bool backward = false);
    void setFindText(const QString &text);

    // Rows whose highlighting has arrived, per file; for tests and the benchmark.
    bool isHighlighted(int file) const { return m_highlights.contains(file); }
    int rowHeight() const;
    // The x where the text of the given side starts, in viewport coordinates.
    int textX(bool rightSide) const;
    int advance(const QString &text) const;

Q_SIGNALS:
    void openInEditor(const QString &path, int line);
    // The user asked to see a file left out as tooLarge: the caller may diff it alone
    // with no size limit and hand it back through replaceFile().
    void fullFileRequested(int file, const QString &path);
    void currentFileChanged(int file);
    void highlightingArrived(int file);
    void highlightingFailed(int file, const QString &message);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void changeEvent(QEvent *event) override;

private:
    struct FileHighlight {
        Highlight::LineFormats formats;
        std::vector<int> hunkOffsets; // index of each hunk's first line in formats
    };
    void updateScrollBars();
    void ensureVisible(int row);
    void scheduleHighlighting();
    void requestHighlighting();
    void cancelHighlighting();
    const QList<Highlight::FormatRange> *formatsFor(int file, int hunk, int line) const;
    void paintRow(QPainter &painter, int rowIndex, int y);
    void paintSide(QPainter &painter, int fileIndex, int hunk, int lineIndex, const Git::DiffLine *line,
        const Git::DiffLine *pairLine, int x0, int width, int y, bool unified);
    void paintText(QPainter &painter, const QString &text, const QList<Git::TextRange> &changes,
        const QList<Highlight::FormatRange> *formats, bool whitespaceOnly, const QColor &changeColor, int x, int y,
        int clipRight);
    int rowAt(int y) const;
    bool isDark() const;

    DiffRowModel m_model;
    Highlight::SyntaxHighlighter *m_highlighter = nullptr;
    ContentProvider m_contentProvider;
    QHash<int, FileHighlight> m_highlights;
    QHash<int, QPointer<Highlight::HighlightReply>> m_pendingHighlights;
    QSet<int> m_failedHighlights;
    bool m_highlightScheduled = false;
    int m_maxHighlightLines = 20000;
    struct ModeSwitch {
        bool valid = false;
        RowAnchor top;
        RowAnchor current;
        int topRow = -1;
        int currentRow = -1;
    } m_lastSwitch;
    QList<LineMarker> m_markers;
    int m_current = 0;
    int m_anchor = 0;
    QString m_findText;
    int m_charWidth = 8;
    int m_numberWidth = 40;
};

} // namespace Autopack::DiffUi
