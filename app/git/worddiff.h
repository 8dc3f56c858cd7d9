#pragma once

// Intraline ("word") diff: which parts of a modified line changed. Pure logic over
// QStringView, no libgit2; the viewer highlights the ranges it produces.
//
// A line is split into tokens: runs of identifier characters (letters, digits, '_'),
// runs of whitespace, and single other characters (a surrogate pair counts as one).
// The two token sequences are compared with Myers' O(ND) algorithm after trimming their
// common prefix and suffix; tokens outside the common subsequence are the changes,
// adjacent ones merged into one range. The cost is bounded: a line longer than
// maxLineLength, or a pair needing more than maxEditTokens token edits, is reported as
// changed as a whole (wholeLine) instead of searched further.

#include "diffmodel.h"

#include <QList>
#include <QStringView>

namespace Autopack::Git {

struct WordDiffOptions {
    int maxLineLength = 2000; // UTF-16 units on either side; longer lines: whole line
    int maxEditTokens = 200; // edit distance (in tokens) beyond which: whole line
};

struct LinePairDiff {
    QList<TextRange> oldChanges; // in the old (removed) line
    QList<TextRange> newChanges; // in the new (added) line
    bool whitespaceOnly = false; // the lines differ, but not outside whitespace
    bool wholeLine = false; // the cost bound was hit: the differing middle is one range

    friend bool operator==(const LinePairDiff &, const LinePairDiff &) = default;
};

class WordDiff
{
public:
    // Splits a line into tokens, as ranges covering the whole line in order.
    static QList<TextRange> tokenize(QStringView line);

    // The changed ranges of a removed line and the added line that replaced it.
    // Equal lines give no ranges. `crlfChanged` says the line endings differ (the
    // texts exclude them), which makes an otherwise equal pair whitespace-only.
    static LinePairDiff compare(QStringView oldLine, QStringView newLine, const WordDiffOptions &options = {},
                                bool crlfChanged = false);

    // Pairs each run of removed lines with the run of added lines that follows it,
    // line by line in order (the first removed with the first added, ...; surplus
    // lines of the longer run stay unpaired), and fills the pairs' changes,
    // pairedLine and whitespaceOnly. Lines already filled are overwritten.
    static void fillHunk(Hunk &hunk, const WordDiffOptions &options = {});
    static void fillFile(DiffFile &file, const WordDiffOptions &options = {});
};

} // namespace Autopack::Git
