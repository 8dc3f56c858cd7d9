#include "diffrowmodel.h"

#include <algorithm>

namespace Autopack::DiffUi {

using Git::DiffFile;
using Git::DiffLine;
using Git::Hunk;

namespace {
quint64 expansionKey(int file, int hunk) { return (quint64(quint32(file)) << 32) | quint32(hunk); }
} // namespace

void DiffRowModel::setFiles(QList<DiffFile> files)
{
    m_files = std::move(files);
    m_collapsed.assign(size_t(m_files.size()), -1);
    m_expansions.clear();
    m_longestLine = 0;
    for (const DiffFile &file : std::as_const(m_files)) {
        for (const Hunk &hunk : file.hunks) {
            for (const DiffLine &line : hunk.lines)
                m_longestLine = std::max(m_longestLine, int(line.text.size()));
        }
    }
    rebuild();
}

void DiffRowModel::replaceFile(int index, Git::DiffFile file)
{
    if (index < 0 || index >= m_files.size())
        return;
    for (const Hunk &hunk : std::as_const(file.hunks)) {
        for (const DiffLine &line : hunk.lines)
            m_longestLine = std::max(m_longestLine, int(line.text.size()));
    }
    m_files[index] = std::move(file);
    m_collapsed[size_t(index)] = 0; // asked for by the user: shown whatever its size
    for (auto it = m_expansions.begin(); it != m_expansions.end();)
        it = int(it.key() >> 32) == index ? m_expansions.erase(it) : std::next(it);
    rebuild();
}

void DiffRowModel::setMode(DiffMode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    rebuild();
}

int DiffRowModel::diffLineCount(int file) const
{
    int count = 0;
    for (const Hunk &hunk : m_files.at(file).hunks)
        count += int(hunk.lines.size());
    return count;
}

bool DiffRowModel::isCollapsed(int file) const
{
    if (file < 0 || file >= int(m_collapsed.size()))
        return false;
    if (m_collapsed[size_t(file)] >= 0)
        return m_collapsed[size_t(file)] == 1;
    const DiffFile &f = m_files.at(file);
    return f.binary || f.tooLarge || diffLineCount(file) > m_hugeFileLines;
}

void DiffRowModel::setCollapsed(int file, bool collapsed)
{
    if (file < 0 || file >= int(m_collapsed.size()) || isCollapsed(file) == collapsed)
        return;
    m_collapsed[size_t(file)] = collapsed ? 1 : 0;
    rebuild();
}

int DiffRowModel::expandedAbove(int file, int hunk) const { return m_expansions.value(expansionKey(file, hunk)).lines; }

void DiffRowModel::setExpandedAbove(int file, int hunk, int lines, const QStringList &content)
{
    if (file < 0 || file >= m_files.size() || hunk < 0 || hunk >= m_files.at(file).hunks.size())
        return;
    m_expansions.insert(expansionKey(file, hunk), Expansion { std::max(0, lines), content });
    rebuild();
}

QString DiffRowModel::expandedText(const DiffRow &row) const
{
    const DiffFile &file = m_files.at(row.file);
    const Expansion expansion = m_expansions.value(expansionKey(row.file, row.hunk));
    const int lineNumber = file.status == DiffFile::Status::Deleted ? row.left : row.right;
    return expansion.content.value(lineNumber - 1);
}

void DiffRowModel::appendHunkLines(int file, int hunkIndex)
{
    const Hunk &hunk = m_files.at(file).hunks.at(hunkIndex);
    const int count = int(hunk.lines.size());
    if (m_mode == DiffMode::Unified) {
        for (int i = 0; i < count; ++i)
            m_rows.push_back({ DiffRow::Kind::Line, file, hunkIndex, i, -1 });
        return;
    }
    // Side by side: each run of removed lines faces the run of added lines after it,
    // in order; a "no newline" marker stays with the run of the line it follows.
    int i = 0;
    std::vector<int> removed;
    std::vector<int> added;
    while (i < count) {
        const DiffLine::Kind kind = hunk.lines.at(i).kind;
        if (kind == DiffLine::Kind::Context
            || (kind == DiffLine::Kind::NoNewline
                && (i == 0 || hunk.lines.at(i - 1).kind == DiffLine::Kind::Context))) {
            m_rows.push_back({ DiffRow::Kind::Line, file, hunkIndex, i, i });
            ++i;
            continue;
        }
        removed.clear();
        added.clear();
        while (i < count
            && (hunk.lines.at(i).kind == DiffLine::Kind::Removed
                || (hunk.lines.at(i).kind == DiffLine::Kind::NoNewline && !removed.empty() && added.empty()))) {
            removed.push_back(i);
            ++i;
        }
        while (i < count
            && (hunk.lines.at(i).kind == DiffLine::Kind::Added
                || (hunk.lines.at(i).kind == DiffLine::Kind::NoNewline && !added.empty()))) {
            added.push_back(i);
            ++i;
        }
        if (removed.empty() && added.empty()) { // a stray marker
            m_rows.push_back({ DiffRow::Kind::Line, file, hunkIndex, i, -1 });
            ++i;
            continue;
        }
        const size_t rows = std::max(removed.size(), added.size());
        for (size_t k = 0; k < rows; ++k) {
            m_rows.push_back({ DiffRow::Kind::Line, file, hunkIndex, k < removed.size() ? removed[k] : -1,
                k < added.size() ? added[k] : -1 });
        }
    }
}

void DiffRowModel::rebuild()
{
    m_rows.clear();
    m_fileRows.clear();
    m_navRows.clear();
    m_fileHeaderRows.clear();
    size_t estimate = size_t(m_files.size());
    for (const DiffFile &file : std::as_const(m_files)) {
        for (const Hunk &hunk : file.hunks)
            estimate += size_t(hunk.lines.size()) + 1;
    }
    m_rows.reserve(estimate);
    for (int f = 0; f < m_files.size(); ++f) {
        const DiffFile &file = m_files.at(f);
        m_fileRows.push_back(int(m_rows.size()));
        m_fileHeaderRows.push_back(int(m_rows.size()));
        m_navRows.push_back(int(m_rows.size()));
        m_rows.push_back({ DiffRow::Kind::FileHeader, f, -1, -1, -1 });
        if (isCollapsed(f) || file.binary || file.tooLarge) {
            m_rows.push_back({ DiffRow::Kind::Collapsed, f, -1, -1, -1 });
            if (isCollapsed(f))
                continue;
        }
        for (int h = 0; h < file.hunks.size(); ++h) {
            m_navRows.push_back(int(m_rows.size()));
            m_rows.push_back({ DiffRow::Kind::HunkHeader, f, h, -1, -1 });
            if (const auto it = m_expansions.constFind(expansionKey(f, h));
                it != m_expansions.cend() && it->lines > 0) {
                const Hunk &hunk = file.hunks.at(h);
                const bool deleted = file.status == DiffFile::Status::Deleted;
                const Hunk *previous = h == 0 ? nullptr : &file.hunks.at(h - 1);
                const int previousEnd = !previous ? 0
                    : deleted                     ? previous->oldStart + previous->oldCount - 1
                                                  : previous->newStart + previous->newCount - 1;
                const int start = deleted ? hunk.oldStart : hunk.newStart;
                const int first = std::max({ previousEnd + 1, start - it->lines, 1 });
                const int delta = hunk.oldStart - hunk.newStart; // old = new + delta above the hunk
                for (int n = first; n < start && n <= it->content.size(); ++n) {
                    if (deleted)
                        m_rows.push_back({ DiffRow::Kind::ExpandedContext, f, h, n, -1 });
                    else
                        m_rows.push_back({ DiffRow::Kind::ExpandedContext, f, h, n + delta, n });
                }
            }
            appendHunkLines(f, h);
        }
    }
}

int DiffRowModel::fileRow(int file) const
{
    if (file < 0 || file >= int(m_fileRows.size()))
        return -1;
    return m_fileRows[size_t(file)];
}

int DiffRowModel::fileOfRow(int row) const
{
    if (row < 0 || row >= rowCount())
        return -1;
    return m_rows[size_t(row)].file;
}

int DiffRowModel::nextHunkRow(int row) const
{
    const auto it = std::upper_bound(m_navRows.begin(), m_navRows.end(), row);
    return it == m_navRows.end() ? -1 : *it;
}

int DiffRowModel::previousHunkRow(int row) const
{
    auto it = std::lower_bound(m_navRows.begin(), m_navRows.end(), row);
    return it == m_navRows.begin() ? -1 : *std::prev(it);
}

int DiffRowModel::nextFileRow(int row) const
{
    const auto it = std::upper_bound(m_fileHeaderRows.begin(), m_fileHeaderRows.end(), row);
    return it == m_fileHeaderRows.end() ? -1 : *it;
}

int DiffRowModel::previousFileRow(int row) const
{
    auto it = std::lower_bound(m_fileHeaderRows.begin(), m_fileHeaderRows.end(), row);
    return it == m_fileHeaderRows.begin() ? -1 : *std::prev(it);
}

RowAnchor DiffRowModel::anchorAt(int index) const
{
    if (index < 0 || index >= rowCount())
        return {};
    const DiffRow &r = row(index);
    return { r.kind, r.file, r.hunk, r.kind == DiffRow::Kind::Line ? (r.left >= 0 ? r.left : r.right) : r.left };
}

int DiffRowModel::rowFor(const RowAnchor &anchor) const
{
    if (m_rows.empty())
        return -1;
    const int start = fileRow(anchor.file);
    if (start < 0)
        return 0;
    const int end = anchor.file + 1 < int(m_fileRows.size()) ? m_fileRows[size_t(anchor.file + 1)] : rowCount();
    int best = start;
    for (int i = start; i < end; ++i) {
        const DiffRow &r = m_rows[size_t(i)];
        if (anchor.hunk >= 0 && r.hunk >= 0 && r.hunk < anchor.hunk)
            continue;
        if (r.kind == anchor.kind && r.hunk == anchor.hunk) {
            if (r.kind == DiffRow::Kind::Line && (r.left == anchor.line || r.right == anchor.line))
                return i;
            if (r.kind != DiffRow::Kind::Line && r.left == anchor.line)
                return i;
        }
        if (r.hunk == anchor.hunk && r.kind == DiffRow::Kind::HunkHeader)
            best = i;
        if (r.hunk > anchor.hunk)
            break;
    }
    return best;
}

const DiffLine *DiffRowModel::leftLine(const DiffRow &r) const
{
    if (r.kind != DiffRow::Kind::Line || r.left < 0)
        return nullptr;
    return &m_files.at(r.file).hunks.at(r.hunk).lines.at(r.left);
}

const DiffLine *DiffRowModel::rightLine(const DiffRow &r) const
{
    if (r.kind != DiffRow::Kind::Line || r.right < 0)
        return nullptr;
    return &m_files.at(r.file).hunks.at(r.hunk).lines.at(r.right);
}

namespace {
QString prefixed(const DiffLine &line)
{
    switch (line.kind) {
    case DiffLine::Kind::Added:
        return u'+' + line.text;
    case DiffLine::Kind::Removed:
        return u'-' + line.text;
    case DiffLine::Kind::Context:
        return u' ' + line.text;
    case DiffLine::Kind::NoNewline:
        return QStringLiteral("\\ No newline at end of file");
    }
    return {};
}
} // namespace

QString DiffRowModel::rowText(int index) const
{
    const DiffRow &r = row(index);
    const DiffFile &file = m_files.at(r.file);
    switch (r.kind) {
    case DiffRow::Kind::FileHeader:
        return file.oldPath != file.newPath && !file.oldPath.isEmpty()
            ? QStringLiteral("%1 → %2").arg(file.oldPath, file.newPath)
            : file.path();
    case DiffRow::Kind::Collapsed:
        return {};
    case DiffRow::Kind::HunkHeader:
        return file.hunks.at(r.hunk).header;
    case DiffRow::Kind::ExpandedContext:
        return u' ' + expandedText(r);
    case DiffRow::Kind::Line:
        if (m_mode == DiffMode::Unified || r.left == r.right)
            return prefixed(file.hunks.at(r.hunk).lines.at(r.left >= 0 ? r.left : r.right));
        return (r.left >= 0 ? prefixed(*leftLine(r)) : QString()) + u'\t'
            + (r.right >= 0 ? prefixed(*rightLine(r)) : QString());
    }
    return {};
}

int DiffRowModel::editorLine(int index) const
{
    if (index < 0 || index >= rowCount())
        return 1;
    const DiffRow &r = row(index);
    if (r.kind == DiffRow::Kind::ExpandedContext)
        return r.right > 0 ? r.right : r.left;
    if (r.kind == DiffRow::Kind::HunkHeader) {
        const Hunk &hunk = m_files.at(r.file).hunks.at(r.hunk);
        return std::max(1, hunk.newStart > 0 ? hunk.newStart : hunk.oldStart);
    }
    if (r.kind != DiffRow::Kind::Line)
        return 1;
    const DiffLine *right = rightLine(r);
    const DiffLine *left = leftLine(r);
    if (m_mode == DiffMode::Unified)
        right = left;
    if (right && right->newLine > 0)
        return right->newLine;
    if (left && left->oldLine > 0)
        return left->oldLine;
    const Hunk &hunk = m_files.at(r.file).hunks.at(r.hunk);
    return std::max(1, hunk.newStart);
}

} // namespace Autopack::DiffUi
