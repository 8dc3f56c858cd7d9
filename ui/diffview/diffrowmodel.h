#pragma once

// The flat line model the diff view paints from: one DiffRow per painted row, built
// from plain DiffFile values. Rows are 16-byte index records into the files (never
// copies of text), so a 100,000-line diff is a 1.6 MB vector built in milliseconds.

#include "diffmodel.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace Autopack::DiffUi {

enum class DiffMode { Unified, SideBySide };

struct DiffRow {
    enum class Kind : quint8 {
        FileHeader, // file = the file
        Collapsed, // binary, too large or huge file: one row standing for its hunks
        HunkHeader, // file, hunk
        Line, // unified: left = index in Hunk::lines; side by side: left/right = indices or -1
        ExpandedContext, // context revealed above hunk `hunk`: left/right = old/new line numbers
    };
    Kind kind = Kind::FileHeader;
    int file = -1;
    int hunk = -1;
    int left = -1;
    int right = -1;
};

// A row's identity that survives a rebuild in the other mode.
struct RowAnchor {
    DiffRow::Kind kind = DiffRow::Kind::FileHeader;
    int file = -1;
    int hunk = -1;
    int line = -1; // index in Hunk::lines, or the old line number of expanded context
};

// Returns the lines of a file's new side (old side for deleted files), or an empty
// list when they are not available.
using ContentProvider = std::function<QStringList(const Git::DiffFile &file)>;

class DiffRowModel
{
public:
    void setFiles(QList<Git::DiffFile> files);
    const QList<Git::DiffFile> &files() const { return m_files; }
    // Puts a new version of one file in place (e.g. a tooLarge file diffed again with no
    // size limit) and shows it expanded.
    void replaceFile(int index, Git::DiffFile file);

    void setMode(DiffMode mode);
    DiffMode mode() const { return m_mode; }

    // Files with more diff lines than this start collapsed, like binary and tooLarge ones.
    void setHugeFileLines(int lines) { m_hugeFileLines = lines; }
    int hugeFileLines() const { return m_hugeFileLines; }
    bool isCollapsed(int file) const;
    void setCollapsed(int file, bool collapsed);

    // Context expansion: `lines` more lines shown above hunk `hunk` from `content`
    // (the file's new side, or old side when deleted), never overlapping the previous hunk.
    int expandedAbove(int file, int hunk) const;
    void setExpandedAbove(int file, int hunk, int lines, const QStringList &content);
    // The text of an ExpandedContext row.
    QString expandedText(const DiffRow &row) const;

    const std::vector<DiffRow> &rows() const { return m_rows; }
    int rowCount() const { return int(m_rows.size()); }
    const DiffRow &row(int index) const { return m_rows[size_t(index)]; }

    int fileRow(int file) const;
    int fileOfRow(int row) const;
    // Next/previous hunk header (or file header) strictly after/before `row`, or -1.
    int nextHunkRow(int row) const;
    int previousHunkRow(int row) const;
    int nextFileRow(int row) const;
    int previousFileRow(int row) const;

    RowAnchor anchorAt(int row) const;
    int rowFor(const RowAnchor &anchor) const; // the nearest row, never -1 when rows exist

    // The row as one line of text: "+text", "-text", " text", the hunk header, the file
    // header; side by side: the old and new sides joined by a tab. For copy and find.
    QString rowText(int row) const;

    // The line of a side-by-side or unified Line row to show on each side (nullptr if none).
    const Git::DiffLine *leftLine(const DiffRow &row) const;
    const Git::DiffLine *rightLine(const DiffRow &row) const;

    // Where a row points at in the file, for "open in editor": the new line number,
    // else the old one, else the hunk start; 1 for headers.
    int editorLine(int row) const;

    int longestLine() const { return m_longestLine; } // UTF-16 units, for the scroll range
    int diffLineCount(int file) const;

private:
    void rebuild();
    void appendHunkLines(int file, int hunk);

    QList<Git::DiffFile> m_files;
    DiffMode m_mode = DiffMode::Unified;
    int m_hugeFileLines = 200000;
    std::vector<signed char> m_collapsed; // -1: default, 0/1: set by the user
    std::vector<DiffRow> m_rows;
    std::vector<int> m_fileRows; // first row of each file
    std::vector<int> m_navRows; // file and hunk header rows, ascending
    std::vector<int> m_fileHeaderRows;
    struct Expansion {
        int lines = 0;
        QStringList content;
    };
    QHash<quint64, Expansion> m_expansions; // key: file << 32 | hunk
    int m_longestLine = 0;
};

} // namespace Autopack::DiffUi
