#pragma once

// Scratch repositories for the verifier's tests, written with libgit2 directly so the
// test does not depend on the git layer it checks out through. Test use only.

#include <git2.h>

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QString>

#include <memory>

namespace TestRepo {

inline QString lastError(const char *what)
{
    const git_error *e = git_error_last();
    return QStringLiteral("%1: %2").arg(QLatin1String(what), e ? QString::fromUtf8(e->message) : QStringLiteral("?"));
}

template<typename T, void (*F)(T *)>
struct Del {
    void operator()(T *p) const
    {
        if (p)
            F(p);
    }
};
template<typename T, void (*F)(T *)>
using Ptr = std::unique_ptr<T, Del<T, F>>;

inline void init()
{
    static bool done = false;
    if (!done) {
        git_libgit2_init();
        done = true;
    }
}

// Creates (or opens) the repository at `path` and commits `files` (path -> content)
// on top of `parent` (empty: a root commit). With `moveHead`, HEAD's branch moves to
// the new commit and the files are written to the working tree too, as a user's
// commit would leave them. Returns the new commit's sha, or an empty string.
inline QString commit(const QString &path, const QMap<QString, QByteArray> &files, const QString &parent, bool moveHead,
    QString *error = nullptr)
{
    init();
    auto failed = [&](const char *what) {
        if (error)
            *error = lastError(what);
        return QString();
    };
    git_repository *raw = nullptr;
    if (git_repository_open(&raw, QFile::encodeName(path).constData()) < 0
        && git_repository_init(&raw, QFile::encodeName(path).constData(), 0) < 0)
        return failed("init");
    Ptr<git_repository, git_repository_free> repo(raw);

    git_index *rawIndex = nullptr;
    if (git_index_new(&rawIndex) < 0)
        return failed("index");
    Ptr<git_index, git_index_free> index(rawIndex);
    Ptr<git_commit, git_commit_free> parentCommit;
    if (!parent.isEmpty()) {
        git_oid poid;
        git_commit *pc = nullptr;
        if (git_oid_fromstr(&poid, parent.toLatin1().constData()) < 0 || git_commit_lookup(&pc, repo.get(), &poid) < 0)
            return failed("parent");
        parentCommit.reset(pc);
        git_tree *pt = nullptr;
        if (git_commit_tree(&pt, pc) < 0)
            return failed("parent tree");
        Ptr<git_tree, git_tree_free> ptree(pt);
        if (git_index_read_tree(index.get(), pt) < 0)
            return failed("read tree");
    }
    for (auto it = files.begin(); it != files.end(); ++it) {
        git_oid blob;
        if (git_blob_create_from_buffer(&blob, repo.get(), it.value().constData(), size_t(it.value().size())) < 0)
            return failed("blob");
        git_index_entry entry {};
        const QByteArray p = it.key().toUtf8();
        entry.path = p.constData();
        entry.mode = GIT_FILEMODE_BLOB;
        entry.id = blob;
        if (git_index_add(index.get(), &entry) < 0)
            return failed("index add");
    }
    git_oid treeOid;
    if (git_index_write_tree_to(&treeOid, index.get(), repo.get()) < 0)
        return failed("write tree");
    git_tree *rawTree = nullptr;
    if (git_tree_lookup(&rawTree, repo.get(), &treeOid) < 0)
        return failed("tree");
    Ptr<git_tree, git_tree_free> tree(rawTree);
    git_signature *rawSig = nullptr;
    if (git_signature_now(&rawSig, "Test", "test@example.invalid") < 0)
        return failed("signature");
    Ptr<git_signature, git_signature_free> sig(rawSig);
    const git_commit *parents[1] = { parentCommit.get() };
    git_oid commitOid;
    if (git_commit_create(&commitOid, repo.get(), moveHead ? "HEAD" : nullptr, sig.get(), sig.get(), nullptr,
            "test commit", tree.get(), parentCommit ? 1 : 0, parents)
        < 0)
        return failed("commit");
    if (moveHead) {
        for (auto it = files.begin(); it != files.end(); ++it) {
            const QString full = path + u'/' + it.key();
            QDir().mkpath(QFileInfo(full).absolutePath());
            QFile f(full);
            if (!f.open(QIODevice::WriteOnly) || f.write(it.value()) != it.value().size())
                return failed("write working tree");
        }
    }
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &commitOid);
    return QString::fromLatin1(hex);
}

} // namespace TestRepo
