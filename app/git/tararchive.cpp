#include "tararchive.h"

#include <cstring>
#include <optional>
#include <utility>

namespace Autopack::Git {

namespace {

constexpr qsizetype kBlock = 512;
constexpr quint64 kMaxOctalSize = 077777777777ULL; // 11 octal digits: 8 GiB - 1

// Header field offsets and widths (POSIX.1-1988 ustar).
constexpr int kName = 0, kNameLen = 100;
constexpr int kMode = 100;
constexpr int kUid = 108;
constexpr int kGid = 116;
constexpr int kSize = 124, kSizeLen = 12;
constexpr int kMtime = 136;
constexpr int kChecksum = 148, kChecksumLen = 8;
constexpr int kType = 156;
constexpr int kLinkName = 157, kLinkNameLen = 100;
constexpr int kMagic = 257;
constexpr int kDevMajor = 329;
constexpr int kDevMinor = 337;
constexpr int kPrefix = 345, kPrefixLen = 155;

// Why `path` cannot name a file in an archive; empty when it can.
QString pathProblem(const QByteArray &path)
{
    if (path.isEmpty())
        return QStringLiteral("the path is empty");
    if (path.startsWith('/'))
        return QStringLiteral("the path is absolute");
    if (path.contains('\0'))
        return QStringLiteral("the path contains a NUL byte");
    for (const QByteArray &component : path.split('/')) {
        if (component.isEmpty())
            return QStringLiteral("the path has an empty component");
        if (component == "." || component == "..")
            return QStringLiteral("the path has a '.' or '..' component");
    }
    return {};
}

// At most `max` bytes of UTF-8 `s`, never cutting a multi-byte character in two.
QByteArray utf8Left(const QByteArray &s, qsizetype max)
{
    if (s.size() <= max)
        return s;
    qsizetype n = max;
    while (n > 0 && (uchar(s.at(n)) & 0xC0) == 0x80)
        --n;
    return s.left(n);
}

QByteArray baseName(const QByteArray &path) { return path.mid(path.lastIndexOf('/') + 1); }

// ustar stores a path as prefix + '/' + name when it does not fit the name field.
bool splitUstar(const QByteArray &path, QByteArray *name, QByteArray *prefix)
{
    if (path.size() <= kNameLen) {
        *name = path;
        prefix->clear();
        return true;
    }
    const qsizetype first = std::max<qsizetype>(0, path.size() - kNameLen - 1);
    const qsizetype last = std::min<qsizetype>(kPrefixLen, path.size() - 2);
    for (qsizetype i = first; i <= last; ++i) {
        if (path.at(i) == '/') {
            *prefix = path.left(i);
            *name = path.mid(i + 1);
            return true;
        }
    }
    return false;
}

// "<length> <key>=<value>\n", where the length counts its own digits.
QByteArray paxRecord(const QByteArray &key, const QByteArray &value)
{
    const qsizetype rest = 1 + key.size() + 1 + value.size() + 1;
    qsizetype length = rest + QByteArray::number(rest).size();
    while (rest + QByteArray::number(length).size() != length)
        length = rest + QByteArray::number(length).size();
    return QByteArray::number(length) + ' ' + key + '=' + value + '\n';
}

void putOctal(char *field, int width, quint64 value)
{
    // width - 1 zero-padded digits and a NUL.
    for (int i = width - 2; i >= 0; --i) {
        field[i] = char('0' + (value & 7));
        value >>= 3;
    }
    field[width - 1] = '\0';
}

void putString(char *field, int width, const QByteArray &s)
{
    std::memcpy(field, s.constData(), size_t(std::min<qsizetype>(width, s.size())));
}

// A NUL-terminated (or full-width) header field.
QByteArray fieldString(const uchar *field, int width)
{
    const void *nul = std::memchr(field, '\0', size_t(width));
    const int len = nul ? int(static_cast<const uchar *>(nul) - field) : width;
    return QByteArray(reinterpret_cast<const char *>(field), len);
}

// Octal digits, optionally space-padded, ended by NUL, space or the field's end; or
// GNU's base-256 (high bit of the first byte set) for values octal cannot hold.
std::optional<quint64> parseNumber(const uchar *field, int width)
{
    if (field[0] & 0x80) {
        if (field[0] & 0x40)
            return std::nullopt; // negative
        quint64 value = field[0] & 0x3F;
        for (int i = 1; i < width; ++i) {
            if (value >> 56)
                return std::nullopt;
            value = (value << 8) | field[i];
        }
        return value;
    }
    int i = 0;
    while (i < width && field[i] == ' ')
        ++i;
    quint64 value = 0;
    bool any = false;
    for (; i < width && field[i] != '\0' && field[i] != ' '; ++i) {
        if (field[i] < '0' || field[i] > '7' || (value >> 61))
            return std::nullopt;
        value = (value << 3) | quint64(field[i] - '0');
        any = true;
    }
    for (; i < width; ++i) {
        if (field[i] != '\0' && field[i] != ' ')
            return std::nullopt;
    }
    if (!any)
        return std::nullopt;
    return value;
}

struct PendingExtensions {
    std::optional<QByteArray> path;
    std::optional<QByteArray> linkPath;
    std::optional<quint64> size;
    qsizetype offset = -1; // of the first extended header not yet applied

    bool any() const { return offset >= 0; }
    void clear() { *this = PendingExtensions(); }
};

} // namespace

GitResult<void> TarArchive::add(const QString &path, quint32 mode, QByteArrayView data)
{
    const QByteArray name = path.toUtf8();
    auto refuse = [&](const QString &why) {
        return std::unexpected(GitError::refusal(
            GitError::Kind::Refused, QStringLiteral("add %1 to a tar archive").arg(path), why, { path }));
    };
    if (const QString why = pathProblem(name); !why.isEmpty())
        return refuse(why);
    if (mode != 0100644 && mode != 0100755 && mode != 0120000)
        return refuse(QStringLiteral("mode %1 is not a file or symlink mode").arg(mode, 0, 8));
    const bool link = mode == 0120000;
    if (link && (data.isEmpty() || data.contains('\0')))
        return refuse(QStringLiteral("a symlink target must be non-empty and free of NUL bytes"));

    QByteArray records;
    QByteArray ustarName;
    QByteArray ustarPrefix;
    if (!splitUstar(name, &ustarName, &ustarPrefix)) {
        records += paxRecord("path", name);
        // What a reader that ignores pax headers extracts: the file name, at least.
        ustarName = utf8Left(baseName(name), kNameLen);
    }
    QByteArray linkName;
    if (link) {
        linkName = data.toByteArray();
        if (linkName.size() > kLinkNameLen) {
            records += paxRecord("linkpath", linkName);
            linkName = utf8Left(linkName, kLinkNameLen);
        }
    }
    const quint64 size = link ? 0 : quint64(data.size());
    if (size > kMaxOctalSize)
        records += paxRecord("size", QByteArray::number(size));
    if (!records.isEmpty()) {
        appendHeader(
            "PaxHeaders/" + utf8Left(baseName(name), kNameLen - 11), {}, 0644, quint64(records.size()), 'x', {});
        appendData(records);
    }
    appendHeader(
        ustarName, ustarPrefix, link ? 0777 : (mode == 0100755 ? 0755 : 0644), size, link ? '2' : '0', linkName);
    if (!link)
        appendData(data);
    ++m_entries;
    return {};
}

void TarArchive::appendHeader(const QByteArray &name, const QByteArray &prefix, quint32 permissions, quint64 size,
    char type, const QByteArray &linkName)
{
    char h[kBlock] = {};
    putString(h + kName, kNameLen, name);
    putOctal(h + kMode, 8, permissions);
    putOctal(h + kUid, 8, 0);
    putOctal(h + kGid, 8, 0);
    putOctal(h + kSize, kSizeLen, size > kMaxOctalSize ? 0 : size); // the pax "size" record rules then
    putOctal(h + kMtime, 12, 0);
    std::memset(h + kChecksum, ' ', kChecksumLen);
    h[kType] = type;
    putString(h + kLinkName, kLinkNameLen, linkName);
    std::memcpy(h + kMagic,
        "ustar\0"
        "00",
        8);
    putOctal(h + kDevMajor, 8, 0);
    putOctal(h + kDevMinor, 8, 0);
    putString(h + kPrefix, kPrefixLen, prefix);
    unsigned sum = 0;
    for (char c : h)
        sum += uchar(c);
    // Six digits, NUL, space: the form every tar writes.
    putOctal(h + kChecksum, 7, sum);
    h[kChecksum + 7] = ' ';
    m_bytes.append(h, kBlock);
}

void TarArchive::appendData(QByteArrayView data)
{
    m_bytes.append(data.data(), data.size());
    if (const qsizetype tail = data.size() % kBlock; tail != 0)
        m_bytes.append(kBlock - tail, '\0');
}

QByteArray TarArchive::finish()
{
    m_bytes.append(2 * kBlock, '\0');
    m_entries = 0;
    return std::exchange(m_bytes, QByteArray());
}

GitResult<QByteArray> TarArchive::write(const QList<TarEntry> &entries)
{
    TarArchive archive;
    for (const TarEntry &e : entries) {
        if (auto added = archive.add(e.path, e.mode, e.data); !added)
            return std::unexpected(added.error());
    }
    return archive.finish();
}

GitResult<QList<TarEntry>> TarArchive::read(QByteArrayView archive)
{
    const auto *bytes = reinterpret_cast<const uchar *>(archive.data());
    const qsizetype total = archive.size();
    auto refuse = [](qsizetype offset, const QByteArray &entry, const QString &why) {
        const QString name = QString::fromUtf8(entry);
        const QString where = entry.isEmpty() ? QStringLiteral("at offset %1").arg(offset)
                                              : QStringLiteral("entry '%1' at offset %2").arg(name).arg(offset);
        return std::unexpected(GitError::refusal(GitError::Kind::Refused, QStringLiteral("read tar archive"),
            where + QStringLiteral(": ") + why, entry.isEmpty() ? QStringList() : QStringList { name }));
    };

    QList<TarEntry> entries;
    PendingExtensions pending;
    QByteArray gnuLongName;
    QByteArray gnuLongLink;
    qsizetype pos = 0;
    for (;;) {
        if (pos == total)
            return refuse(pos, {}, QStringLiteral("the archive ends without an end-of-archive block (truncated?)"));
        if (total - pos < kBlock)
            return refuse(
                pos, {}, QStringLiteral("header cut short: %1 of %2 bytes (truncated?)").arg(total - pos).arg(kBlock));
        const uchar *h = bytes + pos;
        bool zero = true;
        for (qsizetype i = 0; i < kBlock && zero; ++i)
            zero = h[i] == 0;
        if (zero) {
            if (pending.any() || !gnuLongName.isEmpty() || !gnuLongLink.isEmpty())
                return refuse(pending.offset, {}, QStringLiteral("an extended header is not followed by an entry"));
            break;
        }

        const bool posix = std::memcmp(h + kMagic, "ustar\0", 6) == 0;
        const bool gnu = std::memcmp(h + kMagic, "ustar  \0", 8) == 0;
        QByteArray headerPath = fieldString(h + kName, kNameLen);
        if (posix) {
            const QByteArray prefix = fieldString(h + kPrefix, kPrefixLen);
            if (!prefix.isEmpty())
                headerPath = prefix + '/' + headerPath;
        }
        const QByteArray displayName = pending.path.value_or(gnuLongName.isEmpty() ? headerPath : gnuLongName);

        const auto stored = parseNumber(h + kChecksum, kChecksumLen);
        unsigned unsignedSum = 0;
        int signedSum = 0;
        for (qsizetype i = 0; i < kBlock; ++i) {
            const bool inField = i >= kChecksum && i < kChecksum + kChecksumLen;
            unsignedSum += inField ? unsigned(' ') : h[i];
            signedSum += inField ? int(' ') : int(static_cast<signed char>(h[i]));
        }
        if (!stored || (*stored != unsignedSum && qint64(*stored) != qint64(signedSum)))
            return refuse(pos, displayName,
                QStringLiteral("header checksum mismatch (stored %1, computed %2)")
                    .arg(stored ? QString::number(*stored, 8) : QStringLiteral("garbage"))
                    .arg(unsignedSum, 0, 8));
        if (!posix && !gnu)
            return refuse(pos, displayName, QStringLiteral("not a ustar header (no \"ustar\" magic)"));

        const auto headerSize = parseNumber(h + kSize, kSizeLen);
        if (!headerSize)
            return refuse(pos, displayName, QStringLiteral("the size field is not a number"));
        const char type = char(h[kType]);
        // A pax "size" applies to the entry it precedes, not to another extended header.
        const bool extension = type == 'x' || type == 'g' || type == 'L' || type == 'K';
        const quint64 size = (!extension && pending.size) ? *pending.size : *headerSize;
        const qsizetype dataStart = pos + kBlock;
        if (size > quint64(total - dataStart))
            return refuse(pos, displayName,
                QStringLiteral("data cut short: %1 bytes announced, %2 left (truncated?)")
                    .arg(size)
                    .arg(total - dataStart));
        const qsizetype padded = qsizetype((size + kBlock - 1) / kBlock * kBlock);
        if (padded > total - dataStart)
            return refuse(pos, displayName, QStringLiteral("the last data block is cut short (truncated?)"));
        const QByteArrayView data(archive.data() + dataStart, qsizetype(size));
        const qsizetype next = dataStart + padded;

        switch (type) {
        case 'x': {
            if (!pending.any())
                pending.offset = pos;
            qsizetype i = 0;
            while (i < data.size()) {
                qsizetype j = i;
                qsizetype length = 0;
                while (j < data.size() && data[j] >= '0' && data[j] <= '9' && length < (1 << 30))
                    length = length * 10 + (data[j++] - '0');
                if (j == i || j >= data.size() || data[j] != ' ' || length <= j - i + 1 || length > data.size() - i
                    || data[i + length - 1] != '\n')
                    return refuse(pos, displayName,
                        QStringLiteral("malformed pax record at byte %1 of the extended header").arg(i));
                const QByteArrayView record = data.sliced(j + 1, i + length - 1 - (j + 1));
                const qsizetype eq = record.indexOf('=');
                if (eq <= 0)
                    return refuse(pos, displayName,
                        QStringLiteral("pax record at byte %1 of the extended header has no key").arg(i));
                const QByteArrayView key = record.first(eq);
                const QByteArray value = record.sliced(eq + 1).toByteArray();
                if (key == "path") {
                    pending.path = value;
                } else if (key == "linkpath") {
                    pending.linkPath = value;
                } else if (key == "size") {
                    bool ok = false;
                    const quint64 n = value.toULongLong(&ok);
                    if (!ok)
                        return refuse(pos, displayName,
                            QStringLiteral("pax size '%1' is not a number").arg(QString::fromUtf8(value)));
                    pending.size = n;
                }
                i += length;
            }
            pos = next;
            continue;
        }
        case 'g': // global pax header (git archive puts the commit id in one): nothing we use
            pos = next;
            continue;
        case 'L':
        case 'K': {
            if (!pending.any())
                pending.offset = pos;
            const qsizetype nul = data.indexOf('\0');
            (type == 'L' ? gnuLongName : gnuLongLink) = (nul < 0 ? data : data.first(nul)).toByteArray();
            pos = next;
            continue;
        }
        default:
            break;
        }

        QByteArray path = pending.path ? *pending.path : (gnuLongName.isEmpty() ? headerPath : gnuLongName);
        const QByteArray linkTarget = pending.linkPath ? *pending.linkPath
            : gnuLongLink.isEmpty()                    ? fieldString(h + kLinkName, kLinkNameLen)
                                                       : gnuLongLink;
        pending.clear();
        gnuLongName.clear();
        gnuLongLink.clear();
        while (path.startsWith("./"))
            path.remove(0, 2);
        const bool regular = type == '0' || type == '\0' || type == '7';
        if (type == '5' || (regular && path.endsWith('/'))) {
            pos = next; // directories are implied by the files in them
            continue;
        }
        if (path.isEmpty() || path == ".")
            return refuse(pos, displayName, QStringLiteral("an entry that is not a directory has no file name"));
        if (const QString why = pathProblem(path); !why.isEmpty())
            return refuse(pos, path, why);

        TarEntry entry;
        entry.path = QString::fromUtf8(path);
        if (regular) {
            const auto mode = parseNumber(h + kMode, 8);
            if (!mode)
                return refuse(pos, path, QStringLiteral("the mode field is not a number"));
            entry.mode = (*mode & 0100) ? 0100755 : 0100644;
            entry.data = data.toByteArray();
        } else if (type == '2') {
            if (linkTarget.isEmpty())
                return refuse(pos, path, QStringLiteral("a symlink without a target"));
            entry.mode = 0120000;
            entry.data = linkTarget;
        } else if (type == '1') {
            return refuse(pos, path, QStringLiteral("hard links are not supported"));
        } else {
            return refuse(pos, path,
                QStringLiteral("entry type '%1' is neither a file, a symlink nor a directory")
                    .arg(QString::fromLatin1(&type, 1)));
        }
        entries.append(std::move(entry));
        pos = next;
    }
    return entries;
}

} // namespace Autopack::Git
