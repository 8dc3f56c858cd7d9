#pragma once

// A reviewer's comments on lines of a diff, before they are sent with a rejection.
// Each comment remembers the hunk it was written on, so the rejection reason quotes the
// code the builder is asked to change (unifiedText), and the candidate it was written
// against, so that it can be shown again on a newer attempt where its line still
// exists (DiffFile::newLineFor).

#include "diffmodel.h"
#include "domain.h"

#include <QList>
#include <QString>

#include <expected>

namespace Autopack::Ui {

struct LineComment {
    QString path; // the file's path on the new side
    int line = 0; // 1-based line of the new side
    QString text;
    QString hunkText; // the hunk commented on, as unified diff text
    QString candidateCommit; // the commit the reviewer saw
};

class LineComments
{
public:
    // Refused (comment left out) when the path is empty, the line is not on the new
    // side of one of the file's hunks, or the text is blank.
    std::expected<void, QString> add(
        const Git::DiffFile &file, int newLine, const QString &text, const QString &candidateCommit);
    void remove(int index);
    void clear() { m_comments.clear(); }

    const QList<LineComment> &comments() const { return m_comments; }
    bool isEmpty() const { return m_comments.isEmpty(); }
    QList<LineComment> commentsOn(const QString &path) const;

    // The rejection reason: `summary` (may be empty) followed by each comment with its
    // path:line and the hunk it quotes. Empty when there is neither summary nor comment.
    QString rejectionReason(const QString &summary) const;
    // The comments as the store keeps them (path, line, text with the quoted hunk).
    QList<ReviewComment> reviewComments() const;

    // The comments written against an older attempt, moved onto a newer one:
    // `olderToNewer` is the diff from the older candidate to the newer one. A comment
    // whose line was removed or changed is dropped; one on a file the newer attempt
    // does not touch keeps its line.
    static QList<LineComment> carriedOver(
        const QList<LineComment> &older, const QList<Git::DiffFile> &olderToNewer, const QString &newerCommit);

    // The hunk of `file` whose new side holds `newLine`, or -1.
    static int hunkOf(const Git::DiffFile &file, int newLine);

private:
    QList<LineComment> m_comments;
};

} // namespace Autopack::Ui
