#include "diffmodel.h"

namespace Autopack::Git {

QString lineKindName(DiffLine::Kind kind)
{
    switch (kind) {
    case DiffLine::Kind::Context:
        return QStringLiteral("context");
    case DiffLine::Kind::Added:
        return QStringLiteral("added");
    case DiffLine::Kind::Removed:
        return QStringLiteral("removed");
    case DiffLine::Kind::NoNewline:
        return QStringLiteral("no-newline");
    }
    return {};
}

QString statusName(DiffFile::Status status)
{
    switch (status) {
    case DiffFile::Status::Added:
        return QStringLiteral("added");
    case DiffFile::Status::Modified:
        return QStringLiteral("modified");
    case DiffFile::Status::Deleted:
        return QStringLiteral("deleted");
    case DiffFile::Status::Renamed:
        return QStringLiteral("renamed");
    case DiffFile::Status::Copied:
        return QStringLiteral("copied");
    case DiffFile::Status::TypeChanged:
        return QStringLiteral("type-changed");
    }
    return {};
}

namespace {

// Maps a line number of one side to the other. `from` and `to` read a DiffLine's
// line numbers of the two sides; fromStart/fromCount/toCount read a Hunk's header.
template<typename From, typename To, typename FromStart, typename FromCount, typename ToCount>
int mapLine(const DiffFile &file, int line, From from, To to, FromStart fromStart, FromCount fromCount,
            ToCount toCount)
{
    if (line < 1 || file.binary || file.tooLarge || file.status == DiffFile::Status::Added
        || file.status == DiffFile::Status::Deleted)
        return -1;
    int shift = 0;
    for (const Hunk &hunk : file.hunks) {
        int first = -1;
        int last = -1;
        for (const DiffLine &l : hunk.lines) {
            if (from(l) > 0) {
                if (first < 0)
                    first = from(l);
                last = from(l);
            }
        }
        if (first < 0) {
            // A hunk without lines of this side (zero context, pure insertion): it
            // sits after line fromStart.
            if (line <= fromStart(hunk))
                return line + shift;
        } else {
            if (line < first)
                return line + shift;
            if (line <= last) {
                for (const DiffLine &l : hunk.lines) {
                    if (from(l) == line)
                        return to(l);
                }
                return -1;
            }
        }
        shift += toCount(hunk) - fromCount(hunk);
    }
    return line + shift;
}

} // namespace

int DiffFile::newLineFor(int oldLineNumber) const
{
    return mapLine(
        *this, oldLineNumber, [](const DiffLine &l) { return l.oldLine; }, [](const DiffLine &l) { return l.newLine; },
        [](const Hunk &h) { return h.oldStart; }, [](const Hunk &h) { return h.oldCount; },
        [](const Hunk &h) { return h.newCount; });
}

int DiffFile::oldLineFor(int newLineNumber) const
{
    return mapLine(
        *this, newLineNumber, [](const DiffLine &l) { return l.newLine; }, [](const DiffLine &l) { return l.oldLine; },
        [](const Hunk &h) { return h.newStart; }, [](const Hunk &h) { return h.newCount; },
        [](const Hunk &h) { return h.oldCount; });
}

DiffStats diffStats(const QList<DiffFile> &files)
{
    DiffStats s;
    s.files = int(files.size());
    for (const DiffFile &f : files) {
        s.additions += f.additions;
        s.deletions += f.deletions;
        if (f.binary)
            ++s.binaryFiles;
    }
    return s;
}

QString unifiedText(const Hunk &hunk)
{
    QString text = hunk.header + QLatin1Char('\n');
    for (const DiffLine &line : hunk.lines) {
        switch (line.kind) {
        case DiffLine::Kind::Context:
            text += QLatin1Char(' ');
            break;
        case DiffLine::Kind::Added:
            text += QLatin1Char('+');
            break;
        case DiffLine::Kind::Removed:
            text += QLatin1Char('-');
            break;
        case DiffLine::Kind::NoNewline:
            text += QStringLiteral("\\ No newline at end of file\n");
            continue;
        }
        text += line.text;
        text += line.crlf ? QStringLiteral("\r\n") : QStringLiteral("\n");
    }
    return text;
}

DiffStats DiffSet::stats() const
{
    return diffStats(files);
}

} // namespace Autopack::Git
