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

DiffStats DiffSet::stats() const
{
    return diffStats(files);
}

} // namespace Autopack::Git
