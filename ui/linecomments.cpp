#include "linecomments.h"

#include <QCoreApplication>

namespace Autopack::Ui {

namespace {
QString tr(const char *text) { return QCoreApplication::translate("Autopack::Ui::LineComments", text); }
} // namespace

int LineComments::hunkOf(const Git::DiffFile &file, int newLine)
{
    for (qsizetype h = 0; h < file.hunks.size(); ++h) {
        for (const Git::DiffLine &l : file.hunks.at(h).lines) {
            if (l.newLine == newLine)
                return int(h);
        }
    }
    return -1;
}

std::expected<void, QString> LineComments::add(
    const Git::DiffFile &file, int newLine, const QString &text, const QString &candidateCommit)
{
    const QString path = file.path();
    if (path.isEmpty())
        return std::unexpected(tr("a line comment needs a file"));
    if (text.trimmed().isEmpty())
        return std::unexpected(tr("the comment on %1:%2 is empty").arg(path).arg(newLine));
    const int hunk = hunkOf(file, newLine);
    if (hunk < 0)
        return std::unexpected(tr("line %1 of %2 is not in the diff shown").arg(newLine).arg(path));
    m_comments.append(
        LineComment { path, newLine, text.trimmed(), Git::unifiedText(file.hunks.at(hunk)), candidateCommit });
    return {};
}

void LineComments::remove(int index)
{
    if (index >= 0 && index < m_comments.size())
        m_comments.removeAt(index);
}

QList<LineComment> LineComments::commentsOn(const QString &path) const
{
    QList<LineComment> out;
    for (const LineComment &c : m_comments) {
        if (c.path == path)
            out.append(c);
    }
    return out;
}

QString LineComments::rejectionReason(const QString &summary) const
{
    QStringList parts;
    if (!summary.trimmed().isEmpty())
        parts << summary.trimmed();
    for (const LineComment &c : m_comments) {
        // The hunk is quoted so the builder sees the code meant even after it moved.
        parts << QStringLiteral("%1:%2: %3\n%4").arg(c.path).arg(c.line).arg(c.text, c.hunkText.trimmed());
    }
    return parts.join(QStringLiteral("\n\n"));
}

QList<ReviewComment> LineComments::reviewComments() const
{
    QList<ReviewComment> out;
    for (const LineComment &c : m_comments)
        out.append(ReviewComment { c.path, c.line, QStringLiteral("%1\n%2").arg(c.text, c.hunkText.trimmed()) });
    return out;
}

QList<LineComment> LineComments::carriedOver(
    const QList<LineComment> &older, const QList<Git::DiffFile> &olderToNewer, const QString &newerCommit)
{
    QList<LineComment> out;
    for (LineComment c : older) {
        const Git::DiffFile *file = nullptr;
        for (const Git::DiffFile &f : olderToNewer) {
            if (f.oldPath == c.path) {
                file = &f;
                break;
            }
        }
        if (file) {
            if (file->status == Git::DiffFile::Status::Deleted)
                continue;
            const int line = file->newLineFor(c.line);
            if (line < 0)
                continue;
            c.path = file->newPath;
            c.line = line;
        }
        c.candidateCommit = newerCommit;
        out.append(c);
    }
    return out;
}

} // namespace Autopack::Ui
