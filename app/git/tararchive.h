#pragma once

// POSIX ustar archives of a commit's files, the form in which the engine hands a runner
// the blobs it lacks (TreeExport::archive) and the runner reads them back. Only what a
// git tree holds: regular files (0644 or 0755) and symlinks. A path longer than ustar's
// name/prefix split allows, or a link target over 100 bytes, goes into a pax extended
// header ('x', "path=" / "linkpath="), so GNU tar, bsdtar and Python's tarfile read what
// we write. Headers carry uid/gid 0 and mtime 0: the same files give the same bytes.
//
// The reader takes what GNU tar writes in --format=ustar, pax and gnu (././@LongLink)
// and refuses, naming the entry and its byte offset: a bad header checksum, a size
// field that is not a number, data or a header cut short, a missing end-of-archive
// block, an entry type other than file, symlink or directory (directories are skipped),
// and a path that is absolute or climbs out with "..".

#include "giterror.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace Autopack::Git {

struct TarEntry {
    QString path; // '/'-separated, relative, no "." or ".." components
    quint32 mode = 0100644; // 0100644, 0100755 or 0120000 (symlink)
    QByteArray data; // a file's contents, or a symlink's target
    bool operator==(const TarEntry &) const = default;
};

class TarArchive
{
public:
    // Appends one entry. Refuses an empty or absolute path, a "." or ".." component, a
    // NUL byte, a mode other than the three above, and an empty symlink target.
    GitResult<void> add(const QString &path, quint32 mode, QByteArrayView data);
    // Appends the end-of-archive marker (two zero blocks) and hands over the archive;
    // the writer starts empty again.
    QByteArray finish();
    qsizetype entryCount() const { return m_entries; }

    static GitResult<QByteArray> write(const QList<TarEntry> &entries);
    // Every file and symlink, in archive order. Anything after the end-of-archive block
    // (GNU tar pads to a 10 KiB record) is ignored.
    static GitResult<QList<TarEntry>> read(QByteArrayView archive);

private:
    void appendHeader(const QByteArray &name, const QByteArray &prefix, quint32 permissions, quint64 size, char type,
        const QByteArray &linkName);
    void appendData(QByteArrayView data);
    QByteArray m_bytes;
    qsizetype m_entries = 0;
};

} // namespace Autopack::Git
