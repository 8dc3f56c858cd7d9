#include "worddiff.h"

#include <QHash>

#include <algorithm>
#include <vector>

namespace Autopack::Git {

namespace {

enum class CharClass { Word, Space, Other };

// Class and length (1 or 2 UTF-16 units) of the code point starting at i.
CharClass classAt(QStringView s, qsizetype i, int &len)
{
    char32_t cp = s[i].unicode();
    len = 1;
    // ASCII first: source code is mostly ASCII and the Unicode tables cost more.
    if (cp < 0x80) {
        if ((cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || (cp >= U'0' && cp <= U'9') || cp == U'_')
            return CharClass::Word;
        if (cp == U' ' || (cp >= U'\t' && cp <= U'\r'))
            return CharClass::Space;
        return CharClass::Other;
    }
    if (QChar::isHighSurrogate(cp) && i + 1 < s.size() && s[i + 1].isLowSurrogate()) {
        cp = QChar::surrogateToUcs4(s[i], s[i + 1]);
        len = 2;
    }
    // Combining marks stay with the word they modify; '_' joins identifiers.
    if (QChar::isLetterOrNumber(cp) || QChar::isMark(cp) || cp == U'_')
        return CharClass::Word;
    if (QChar::isSpace(cp))
        return CharClass::Space;
    return CharClass::Other;
}

struct Token {
    int offset;
    int length;
    size_t hash;
};

// Calls emit(offset, length) for each token of the line, in order.
template<typename Emit>
void forEachToken(QStringView line, Emit emit)
{
    qsizetype i = 0;
    while (i < line.size()) {
        int len = 0;
        const CharClass cls = classAt(line, i, len);
        qsizetype end = i + len;
        if (cls != CharClass::Other) {
            while (end < line.size()) {
                int nextLen = 0;
                if (classAt(line, end, nextLen) != cls)
                    break;
                end += nextLen;
            }
        }
        emit(int(i), int(end - i));
        i = end;
    }
}

void hashedTokens(QStringView line, std::vector<Token> &tokens)
{
    tokens.clear();
    forEachToken(line, [&](int offset, int length) {
        tokens.push_back({ offset, length, qHash(line.mid(offset, length)) });
    });
}

bool equalIgnoringWhitespace(QStringView a, QStringView b)
{
    qsizetype i = 0, j = 0;
    for (;;) {
        while (i < a.size() && a[i].isSpace())
            ++i;
        while (j < b.size() && b[j].isSpace())
            ++j;
        if (i == a.size() || j == b.size())
            return i == a.size() && j == b.size();
        if (a[i] != b[j])
            return false;
        ++i;
        ++j;
    }
}

class TokenSpan
{
public:
    TokenSpan(QStringView line, const std::vector<Token> &tokens, int begin, int end)
        : m_line(line), m_tokens(tokens), m_begin(begin), m_size(end - begin)
    {
    }
    int size() const { return m_size; }
    const Token &at(int i) const { return m_tokens[size_t(m_begin + i)]; }
    QStringView text(int i) const { return m_line.mid(at(i).offset, at(i).length); }

private:
    QStringView m_line;
    const std::vector<Token> &m_tokens;
    int m_begin;
    int m_size;
};

bool sameToken(const TokenSpan &a, int i, const TokenSpan &b, int j)
{
    return a.at(i).hash == b.at(j).hash && a.text(i) == b.text(j);
}

// Myers' greedy O(ND) shortest edit script over token spans. Marks in aChanged /
// bChanged the tokens outside the longest common subsequence found. Returns false,
// marking nothing, when the edit distance exceeds maxD: the search costs
// O((N + M) * D) time and O(D^2) memory, so D is what must be bounded.
bool myers(const TokenSpan &a, const TokenSpan &b, int maxD, std::vector<char> &aChanged, std::vector<char> &bChanged)
{
    const int n = a.size();
    const int m = b.size();
    const int dMax = std::min(n + m, maxD);
    const int off = dMax + 1;
    std::vector<int> v(size_t(2 * dMax + 3), 0);
    // trace holds, for each step d, v[-(d+1) .. d+1] as it was before the step: 2d+3
    // values starting at d*d + 2d. One flat buffer, not one vector per step.
    thread_local std::vector<int> trace;
    trace.clear();
    int found = -1;
    for (int d = 0; d <= dMax && found < 0; ++d) {
        trace.insert(trace.end(), v.begin() + (off - d - 1), v.begin() + (off + d + 2));
        for (int k = -d; k <= d; k += 2) {
            int x = (k == -d || (k != d && v[size_t(off + k - 1)] < v[size_t(off + k + 1)]))
                    ? v[size_t(off + k + 1)]
                    : v[size_t(off + k - 1)] + 1;
            int y = x - k;
            while (x < n && y < m && sameToken(a, x, b, y)) {
                ++x;
                ++y;
            }
            v[size_t(off + k)] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    if (found < 0)
        return false;

    std::fill(aChanged.begin(), aChanged.end(), 1);
    std::fill(bChanged.begin(), bChanged.end(), 1);
    int x = n;
    int y = m;
    for (int d = found; d >= 0; --d) {
        const int *tv = trace.data() + size_t(d) * size_t(d) + 2 * size_t(d);
        auto vAt = [&](int k) { return tv[k + d + 1]; };
        const int k = x - y;
        const int prevK = (k == -d || (k != d && vAt(k - 1) < vAt(k + 1))) ? k + 1 : k - 1;
        const int prevX = vAt(prevK);
        const int prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            --x;
            --y;
            aChanged[size_t(x)] = 0;
            bChanged[size_t(y)] = 0;
        }
        x = prevX;
        y = prevY;
    }
    return true;
}

void appendRange(QList<TextRange> &ranges, int offset, int length)
{
    if (length <= 0)
        return;
    if (!ranges.isEmpty() && ranges.last().end() == offset)
        ranges.last().length += length;
    else
        ranges.append({ offset, length });
}

QList<TextRange> rangesOf(const TokenSpan &span, const std::vector<char> &changed)
{
    QList<TextRange> ranges;
    for (int i = 0; i < span.size(); ++i) {
        if (changed[size_t(i)])
            appendRange(ranges, span.at(i).offset, span.at(i).length);
    }
    return ranges;
}

QList<TextRange> wholeSpan(const TokenSpan &span)
{
    QList<TextRange> ranges;
    if (span.size() > 0) {
        const Token &last = span.at(span.size() - 1);
        appendRange(ranges, span.at(0).offset, last.offset + last.length - span.at(0).offset);
    }
    return ranges;
}

} // namespace

QList<TextRange> WordDiff::tokenize(QStringView line)
{
    QList<TextRange> tokens;
    forEachToken(line, [&](int offset, int length) { tokens.append({ offset, length }); });
    return tokens;
}

LinePairDiff WordDiff::compare(QStringView oldLine, QStringView newLine, const WordDiffOptions &options,
                               bool crlfChanged)
{
    LinePairDiff result;
    if (oldLine == newLine) {
        result.whitespaceOnly = crlfChanged;
        return result;
    }
    result.whitespaceOnly = equalIgnoringWhitespace(oldLine, newLine);

    if (oldLine.size() > options.maxLineLength || newLine.size() > options.maxLineLength) {
        result.wholeLine = true;
        appendRange(result.oldChanges, 0, int(oldLine.size()));
        appendRange(result.newChanges, 0, int(newLine.size()));
        return result;
    }

    // Reused per thread: a hunk pairs thousands of lines, each would allocate.
    thread_local std::vector<Token> a;
    thread_local std::vector<Token> b;
    hashedTokens(oldLine, a);
    hashedTokens(newLine, b);
    const TokenSpan fullA(oldLine, a, 0, int(a.size()));
    const TokenSpan fullB(newLine, b, 0, int(b.size()));

    // Common prefix and suffix are the usual case (one word edited in a long line)
    // and cost nothing to strip before the quadratic-in-D search.
    int prefix = 0;
    while (prefix < fullA.size() && prefix < fullB.size() && sameToken(fullA, prefix, fullB, prefix))
        ++prefix;
    int suffix = 0;
    while (suffix < fullA.size() - prefix && suffix < fullB.size() - prefix
           && sameToken(fullA, fullA.size() - 1 - suffix, fullB, fullB.size() - 1 - suffix))
        ++suffix;

    const TokenSpan midA(oldLine, a, prefix, fullA.size() - suffix);
    const TokenSpan midB(newLine, b, prefix, fullB.size() - suffix);
    std::vector<char> aChanged(size_t(midA.size()), 1);
    std::vector<char> bChanged(size_t(midB.size()), 1);
    if (midA.size() == 0 || midB.size() == 0 || myers(midA, midB, options.maxEditTokens, aChanged, bChanged)) {
        result.oldChanges = rangesOf(midA, aChanged);
        result.newChanges = rangesOf(midB, bChanged);
    } else {
        result.wholeLine = true;
        result.oldChanges = wholeSpan(midA);
        result.newChanges = wholeSpan(midB);
    }
    return result;
}

void WordDiff::fillHunk(Hunk &hunk, const WordDiffOptions &options)
{
    QList<DiffLine> &lines = hunk.lines;
    const int count = int(lines.size());
    for (DiffLine &line : lines) {
        line.changes.clear();
        line.pairedLine = -1;
        line.whitespaceOnly = false;
    }
    // Whether the line at i is the last of its file without a final newline: the
    // marker follows it. A change of that is a line-ending change like CRLF.
    auto lacksNewline = [&](int i) { return i + 1 < count && lines[i + 1].kind == DiffLine::Kind::NoNewline; };

    int i = 0;
    std::vector<int> removed;
    std::vector<int> added;
    while (i < count) {
        if (lines[i].kind != DiffLine::Kind::Removed) {
            ++i;
            continue;
        }
        removed.clear();
        added.clear();
        while (i < count && (lines[i].kind == DiffLine::Kind::Removed || lines[i].kind == DiffLine::Kind::NoNewline)) {
            if (lines[i].kind == DiffLine::Kind::Removed)
                removed.push_back(i);
            ++i;
        }
        while (i < count && (lines[i].kind == DiffLine::Kind::Added || lines[i].kind == DiffLine::Kind::NoNewline)) {
            if (lines[i].kind == DiffLine::Kind::Added)
                added.push_back(i);
            ++i;
        }
        const size_t pairs = std::min(removed.size(), added.size());
        for (size_t p = 0; p < pairs; ++p) {
            DiffLine &o = lines[removed[p]];
            DiffLine &n = lines[added[p]];
            const bool endingChanged = o.crlf != n.crlf || lacksNewline(removed[p]) != lacksNewline(added[p]);
            LinePairDiff d = compare(o.text, n.text, options, endingChanged);
            o.changes = std::move(d.oldChanges);
            n.changes = std::move(d.newChanges);
            o.pairedLine = added[p];
            n.pairedLine = removed[p];
            o.whitespaceOnly = n.whitespaceOnly = d.whitespaceOnly;
        }
    }
}

void WordDiff::fillFile(DiffFile &file, const WordDiffOptions &options)
{
    for (Hunk &hunk : file.hunks)
        fillHunk(hunk, options);
}

} // namespace Autopack::Git
