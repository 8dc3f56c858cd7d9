#include "objectbatch.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QFile>
#include <QHash>

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <vector>

namespace Autopack::Git {

namespace {

struct Pending {
    git_object_t type;
    QByteArray data;
};

QByteArray key(const git_oid *id)
{
    return QByteArray(reinterpret_cast<const char *>(id->id), GIT_OID_RAWSZ);
}

} // namespace

struct ObjectBatch::Impl {
    QHash<QByteArray, Pending> objects;
    std::vector<QByteArray> order; // write order, so the pack is deterministic
    size_t stored = 0; // order[0, stored) are on disk already
};

// libgit2 hands the callbacks the address of the backend struct, which is the first
// member of the (standard-layout) ObjectBatch.
struct ObjectBatchAccess {
    static ObjectBatch::Impl *impl(git_odb_backend *backend)
    {
        return reinterpret_cast<ObjectBatch *>(backend)->m_impl;
    }
};

namespace {

ObjectBatch::Impl *implOf(git_odb_backend *backend)
{
    return ObjectBatchAccess::impl(backend);
}

int readCb(void **out, size_t *len, git_object_t *type, git_odb_backend *backend, const git_oid *id)
{
    auto *impl = implOf(backend);
    const auto it = impl->objects.constFind(key(id));
    if (it == impl->objects.constEnd())
        return GIT_ENOTFOUND;
    void *buf = git_odb_backend_data_alloc(backend, size_t(it->data.size()) + 1);
    if (!buf)
        return -1;
    std::memcpy(buf, it->data.constData(), size_t(it->data.size()));
    static_cast<char *>(buf)[it->data.size()] = '\0';
    *out = buf;
    *len = size_t(it->data.size());
    *type = it->type;
    return 0;
}

int readHeaderCb(size_t *len, git_object_t *type, git_odb_backend *backend, const git_oid *id)
{
    auto *impl = implOf(backend);
    const auto it = impl->objects.constFind(key(id));
    if (it == impl->objects.constEnd())
        return GIT_ENOTFOUND;
    *len = size_t(it->data.size());
    *type = it->type;
    return 0;
}

int existsCb(git_odb_backend *backend, const git_oid *id)
{
    return implOf(backend)->objects.contains(key(id)) ? 1 : 0;
}

int writeCb(git_odb_backend *backend, const git_oid *id, const void *data, size_t len, git_object_t type)
{
    auto *impl = implOf(backend);
    const QByteArray k = key(id);
    if (impl->objects.contains(k))
        return 0;
    impl->objects.insert(k, Pending { type, QByteArray(static_cast<const char *>(data), qsizetype(len)) });
    impl->order.push_back(k);
    return 0;
}

int foreachCb(git_odb_backend *backend, git_odb_foreach_cb cb, void *payload)
{
    for (const QByteArray &k : implOf(backend)->order) {
        git_oid id;
        std::memcpy(id.id, k.constData(), GIT_OID_RAWSZ);
        if (int rc = cb(&id, payload); rc != 0)
            return rc;
    }
    return 0;
}

void freeCb(git_odb_backend *backend)
{
    auto *batch = reinterpret_cast<ObjectBatch *>(backend);
    delete batch;
}

// Pack entry header: type in bits 4-6 of the first byte, size in little-endian
// groups of 4 then 7 bits, high bit = more bytes follow.
void appendEntryHeader(QByteArray &pack, git_object_t type, size_t size)
{
    unsigned char c = static_cast<unsigned char>((int(type) << 4) | (size & 0x0f));
    size >>= 4;
    while (size) {
        pack.append(char(c | 0x80));
        c = static_cast<unsigned char>(size & 0x7f);
        size >>= 7;
    }
    pack.append(char(c));
}

void appendBigEndian32(QByteArray &pack, quint32 v)
{
    pack.append(char(v >> 24)).append(char(v >> 16)).append(char(v >> 8)).append(char(v));
}

} // namespace

ObjectBatch::~ObjectBatch()
{
    delete m_impl;
}

GitResult<ObjectBatch *> ObjectBatch::attach(git_odb *odb)
{
    auto *batch = new ObjectBatch;
    batch->m_impl = new Impl;
    if (int rc = git_odb_init_backend(&batch->m_backend, GIT_ODB_BACKEND_VERSION); rc < 0) {
        delete batch;
        return fail(rc, QStringLiteral("create in-memory object batch"));
    }
    batch->m_backend.read = readCb;
    batch->m_backend.read_header = readHeaderCb;
    batch->m_backend.exists = existsCb;
    batch->m_backend.write = writeCb;
    batch->m_backend.foreach = foreachCb;
    batch->m_backend.free = freeCb;
    // Highest priority: writes land here, reads look here first.
    if (int rc = git_odb_add_backend(odb, &batch->m_backend, 1000); rc < 0) {
        delete batch;
        return fail(rc, QStringLiteral("add in-memory object batch"));
    }
    return batch;
}

GitResult<git_oid> ObjectBatch::add(git_object_t type, const char *data, size_t size)
{
    git_oid id;
    if (int rc = git_odb_hash(&id, data, size, type); rc < 0)
        return fail(rc, QStringLiteral("hash new object"));
    const QByteArray k = key(&id);
    if (!m_impl->objects.contains(k)) {
        m_impl->objects.insert(k, Pending { type, QByteArray(data, qsizetype(size)) });
        m_impl->order.push_back(k);
    }
    return id;
}

size_t ObjectBatch::pendingCount() const
{
    return m_impl->order.size();
}

void ObjectBatch::discard()
{
    m_impl->objects.clear();
    m_impl->order.clear();
    m_impl->stored = 0;
}

namespace {

// Writes `data` to a new temporary file in `dir` and renames it to `name`.
GitResult<void> writeFileAtomically(const QString &dir, const QString &name, const QByteArray &data)
{
    // Unique per writer: two threads storing the same objects write the same pack
    // name, and must not share a temporary file. The rename makes either copy final.
    static std::atomic<quint64> counter { 0 };
    const QByteArray tmp = QFile::encodeName(dir + QStringLiteral("/tmp_autopack_%1_%2_").arg(::getpid()).arg(++counter)
                                             + name);
    const QByteArray final = QFile::encodeName(dir + u'/' + name);
    auto ioFail = [&](const char *what) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        ::unlink(tmp.constData());
        return std::unexpected(GitError::refusal(GitError::Kind::Libgit2, QStringLiteral("store new objects"),
            QStringLiteral("cannot %1 %2: %3").arg(QString::fromLatin1(what), QFile::decodeName(final), why)));
    };
    int fd = ::open(tmp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
    if (fd < 0 && errno == EEXIST) {
        // Left by a killed process that had our pid (pids repeat, in containers often).
        ::unlink(tmp.constData());
        fd = ::open(tmp.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
    }
    if (fd < 0)
        return ioFail("create");
    const char *p = data.constData();
    size_t left = size_t(data.size());
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ::close(fd);
            return ioFail("write");
        }
        p += n;
        left -= size_t(n);
    }
    if (::close(fd) < 0)
        return ioFail("write");
    if (::rename(tmp.constData(), final.constData()) < 0)
        return ioFail("rename into place");
    return {};
}

} // namespace

GitResult<void> ObjectBatch::flush(const QString &objectsDir)
{
    const size_t first = m_impl->stored;
    const size_t count = m_impl->order.size() - first;
    if (count == 0)
        return {};
    if (count < kLooseLimit)
        return flushLoose(objectsDir);
    return flushPack(objectsDir + QStringLiteral("/pack"));
}

GitResult<void> ObjectBatch::flushLoose(const QString &objectsDir)
{
    std::vector<unsigned char> zbuf;
    for (size_t i = m_impl->stored; i < m_impl->order.size(); ++i) {
        const QByteArray &k = m_impl->order[i];
        const Pending &p = m_impl->objects[k];
        const QByteArray hex = k.toHex();
        const QString dir = objectsDir + u'/' + QString::fromLatin1(hex.left(2));
        const QString name = QString::fromLatin1(hex.mid(2));
        if (::access(QFile::encodeName(dir + u'/' + name).constData(), F_OK) == 0)
            continue; // stored already (objects are immutable, the same id is the same bytes)
        if (::mkdir(QFile::encodeName(dir).constData(), 0777) < 0 && errno != EEXIST)
            return std::unexpected(GitError::refusal(GitError::Kind::Libgit2, QStringLiteral("store new objects"),
                QStringLiteral("cannot create %1: %2").arg(dir, QString::fromLocal8Bit(std::strerror(errno)))));
        // A loose object is the zlib stream of "<type> <size>\0" and the content.
        QByteArray raw = QByteArray(git_object_type2string(p.type)) + ' ' + QByteArray::number(p.data.size()) + '\0';
        raw += p.data;
        uLongf zlen = compressBound(uLong(raw.size()));
        zbuf.resize(zlen);
        if (compress2(zbuf.data(), &zlen, reinterpret_cast<const Bytef *>(raw.constData()), uLong(raw.size()), 1) != Z_OK)
            return std::unexpected(GitError::refusal(GitError::Kind::Libgit2, QStringLiteral("store new objects"),
                QStringLiteral("zlib compression failed")));
        if (auto ok = writeFileAtomically(dir, name, QByteArray(reinterpret_cast<const char *>(zbuf.data()), qsizetype(zlen)));
            !ok)
            return ok;
    }
    m_impl->stored = m_impl->order.size();
    return {};
}

GitResult<void> ObjectBatch::flushPack(const QString &packDir)
{
    const size_t first = m_impl->stored;
    const size_t count = m_impl->order.size() - first;
    // A version 2 pack of whole (undeltified) objects, zlib level 1, and its version 2
    // index, as git and libgit2 write them (git fsck --strict checks both).
    struct Indexed {
        const QByteArray *key;
        quint32 offset;
        quint32 crc;
    };
    std::vector<Indexed> index;
    index.reserve(count);
    QByteArray pack;
    pack.reserve(4096);
    pack.append("PACK", 4);
    appendBigEndian32(pack, 2);
    appendBigEndian32(pack, quint32(count));
    std::vector<unsigned char> zbuf;
    for (size_t i = first; i < m_impl->order.size(); ++i) {
        const QByteArray &k = m_impl->order[i];
        const Pending &p = m_impl->objects[k];
        const qsizetype start = pack.size();
        appendEntryHeader(pack, p.type, size_t(p.data.size()));
        uLongf zlen = compressBound(uLong(p.data.size()));
        zbuf.resize(zlen);
        if (compress2(zbuf.data(), &zlen, reinterpret_cast<const Bytef *>(p.data.constData()), uLong(p.data.size()), 1)
            != Z_OK)
            return std::unexpected(GitError::refusal(GitError::Kind::Libgit2, QStringLiteral("store new objects"),
                QStringLiteral("zlib compression failed")));
        pack.append(reinterpret_cast<const char *>(zbuf.data()), qsizetype(zlen));
        const quint32 crc
            = quint32(crc32(0, reinterpret_cast<const Bytef *>(pack.constData() + start), uInt(pack.size() - start)));
        index.push_back({ &k, quint32(start), crc });
    }
    const QByteArray packSum = QCryptographicHash::hash(pack, QCryptographicHash::Sha1);
    pack.append(packSum);

    std::sort(index.begin(), index.end(), [](const Indexed &a, const Indexed &b) { return *a.key < *b.key; });
    QByteArray idx;
    idx.reserve(8 + 256 * 4 + qsizetype(count) * 28 + 40);
    idx.append("\377tOc", 4);
    appendBigEndian32(idx, 2);
    size_t at = 0;
    for (int byte = 0; byte < 256; ++byte) {
        while (at < index.size() && uchar(index[at].key->at(0)) <= byte)
            ++at;
        appendBigEndian32(idx, quint32(at));
    }
    for (const Indexed &e : index)
        idx.append(*e.key);
    for (const Indexed &e : index)
        appendBigEndian32(idx, e.crc);
    for (const Indexed &e : index)
        appendBigEndian32(idx, e.offset);
    idx.append(packSum);
    idx.append(QCryptographicHash::hash(idx, QCryptographicHash::Sha1));

    // The .pack before its .idx: readers only look at packs that have an index.
    const QString name = QStringLiteral("pack-") + QString::fromLatin1(packSum.toHex());
    if (auto ok = writeFileAtomically(packDir, name + QStringLiteral(".pack"), pack); !ok)
        return ok;
    if (auto ok = writeFileAtomically(packDir, name + QStringLiteral(".idx"), idx); !ok)
        return ok;
    m_impl->stored = m_impl->order.size();
    return {};
}

} // namespace Autopack::Git
