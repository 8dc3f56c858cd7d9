#pragma once

// Plain value types of a review diff: DiffSet → DiffFile → Hunk → DiffLine, shaped
// like Qt Creator's diffutils.h (FileData → ChunkData → RowData). They carry no
// libgit2 type, so the diff viewer and the API can use them without libgit2; they are
// filled by ReviewDiff and, for the intraline ranges, by WordDiff.
//
// Text is decoded as UTF-8; every offset and length in a line is in UTF-16 code units
// of DiffLine::text, which is what QString and the painting code index by.

#include <QList>
#include <QMetaType>
#include <QString>

namespace Autopack::Git {

// A half-open range [offset, offset + length) of UTF-16 code units in a line.
struct TextRange {
    int offset = 0;
    int length = 0;

    int end() const { return offset + length; }
    friend bool operator==(const TextRange &, const TextRange &) = default;
};

struct DiffLine {
    enum class Kind : quint8 {
        Context,
        Added,
        Removed,
        // "\ No newline at end of file": applies to the line just before it in the
        // hunk. Both line numbers are -1 and text is empty.
        NoNewline,
    };

    Kind kind = Kind::Context;
    int oldLine = -1; // 1-based line in the old file, -1 on added lines and markers
    int newLine = -1; // 1-based line in the new file, -1 on removed lines and markers
    QString text; // the line without its line ending ("\n", or "\r\n" when crlf)
    bool crlf = false; // the line ended in "\r\n"; the "\r" is not part of text

    // Filled by WordDiff for a removed line paired with an added line: the changed
    // ranges of text, sorted and disjoint. Empty on unpaired lines and on pairs whose
    // texts are equal (e.g. only the line ending changed).
    QList<TextRange> changes;
    // Index in Hunk::lines of the line this one is paired with, or -1.
    int pairedLine = -1;
    // The pair differs only in whitespace (spaces, tabs, line ending).
    bool whitespaceOnly = false;

    friend bool operator==(const DiffLine &, const DiffLine &) = default;
};

struct Hunk {
    int oldStart = 0; // as in "@@ -oldStart,oldCount +newStart,newCount @@"
    int oldCount = 0;
    int newStart = 0;
    int newCount = 0;
    QString header; // the whole "@@ ... @@ section" line, without its newline
    QList<DiffLine> lines;

    friend bool operator==(const Hunk &, const Hunk &) = default;
};

struct DiffFile {
    enum class Status : quint8 { Added, Modified, Deleted, Renamed, Copied, TypeChanged };

    QString oldPath; // equals newPath unless renamed or copied; set for added files too
    QString newPath; // set for deleted files too
    Status status = Status::Modified;
    quint32 oldMode = 0; // git file mode (0100644, 0100755, 0120000, 0160000), 0 if absent
    quint32 newMode = 0;
    QString oldId; // blob ids (40 hex digits), empty when the side does not exist
    QString newId;
    int similarity = 0; // percent, for renames and copies
    bool binary = false; // binary content: no hunks, no line stats
    // Larger than DiffOptions::maxFileBytes on either side: additions and deletions are
    // counted, hunks are left out (the viewer collapses the file and may ask for it
    // alone with no limit).
    bool tooLarge = false;
    int additions = 0;
    int deletions = 0;
    QList<Hunk> hunks;

    // The path to show: the new path, or the old one for a deleted file.
    QString path() const { return status == Status::Deleted ? oldPath : newPath; }
    bool modeChanged() const { return oldMode != 0 && newMode != 0 && oldMode != newMode; }

    // Where a line of the old file is in the new one, and back: -1 when the line was
    // removed (or added), when the side does not exist, or when the hunks are not
    // known (binary, tooLarge). Lines outside the hunks move by the lines the hunks
    // before them added or removed. Used to keep a reviewer's comment on its line
    // when a newer attempt arrives.
    int newLineFor(int oldLineNumber) const;
    int oldLineFor(int newLineNumber) const;

    friend bool operator==(const DiffFile &, const DiffFile &) = default;
};

struct DiffStats {
    int files = 0;
    int additions = 0;
    int deletions = 0;
    int binaryFiles = 0;

    friend bool operator==(const DiffStats &, const DiffStats &) = default;
};

// The result of one comparison: the files that differ between two revisions.
struct DiffSet {
    QString oldRevision; // resolved commit id, or tree id, or empty for the empty tree
    QString newRevision; // resolved commit id or tree id
    QString mergeBase; // for a branch diff: the merge base commit (= oldRevision)
    QList<DiffFile> files;

    DiffStats stats() const;
    friend bool operator==(const DiffSet &, const DiffSet &) = default;
};

// Wire names: "context", "added", "removed", "no-newline"; "added", "modified",
// "deleted", "renamed", "copied", "type-changed". Not called toString: QTest's
// QCOMPARE finds a toString by argument-dependent lookup and expects a char*.
QString lineKindName(DiffLine::Kind kind);
QString statusName(DiffFile::Status status);

DiffStats diffStats(const QList<DiffFile> &files);

// The hunk as unified diff text, exactly as it appears in the patch: its header, each
// line prefixed with ' ', '+' or '-' and ended as in the file ("\n" or "\r\n"), and
// "\ No newline at end of file" markers. For quoting a hunk in a review comment.
QString unifiedText(const Hunk &hunk);

} // namespace Autopack::Git

Q_DECLARE_METATYPE(Autopack::Git::DiffSet)
