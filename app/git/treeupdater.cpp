#include "treeupdater.h"

#include "repository.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

namespace Autopack::Git {

namespace {

struct Entry {
    QByteArray name;
    git_filemode_t mode;
    git_oid id;
};

// git's order: names compared bytewise, a tree's name as if it ended in '/'.
bool gitLess(const Entry &a, const Entry &b)
{
    const qsizetype n = std::min(a.name.size(), b.name.size());
    const int c = std::memcmp(a.name.constData(), b.name.constData(), size_t(n));
    if (c != 0)
        return c < 0;
    const unsigned char ca = a.name.size() > n ? uchar(a.name[n]) : (a.mode == GIT_FILEMODE_TREE ? '/' : 0);
    const unsigned char cb = b.name.size() > n ? uchar(b.name[n]) : (b.mode == GIT_FILEMODE_TREE ? '/' : 0);
    return ca < cb;
}

// The changes below one directory: its own entries and its subdirectories'.
struct Node {
    std::map<QByteArray, const TreeChange *> files;
    std::map<QByteArray, std::unique_ptr<Node>> dirs;
};

GitError refusal(const QString &message)
{
    return GitError::refusal(GitError::Kind::Refused, QStringLiteral("update tree"), message);
}

// Returns the new tree id, or nullopt when the directory ends up empty.
GitResult<std::optional<git_oid>> rebuild(
    const Repository &repo, git_tree *tree, const Node &node, const QByteArray &prefix)
{
    std::vector<Entry> entries;
    if (tree) {
        const size_t count = git_tree_entrycount(tree);
        entries.reserve(count + node.files.size() + node.dirs.size());
        for (size_t i = 0; i < count; ++i) {
            const git_tree_entry *e = git_tree_entry_byindex(tree, i);
            entries.push_back(
                { QByteArray(git_tree_entry_name(e)), git_tree_entry_filemode(e), *git_tree_entry_id(e) });
        }
    }
    auto find = [&](const QByteArray &name) {
        return std::find_if(entries.begin(), entries.end(), [&](const Entry &e) { return e.name == name; });
    };
    // Removals first, then subdirectories, then upserts: so a file may become a
    // directory of the same name and a directory emptied by the patch a file.
    for (const auto &[name, change] : node.files) {
        if (!change->remove)
            continue;
        auto it = find(name);
        if (it == entries.end() || it->mode == GIT_FILEMODE_TREE)
            return std::unexpected(
                refusal(QStringLiteral("cannot remove '%1': no such file").arg(QString::fromUtf8(prefix + name))));
        entries.erase(it);
    }
    for (const auto &[name, child] : node.dirs) {
        auto it = find(name);
        TreePtr subtree;
        if (it != entries.end()) {
            if (it->mode != GIT_FILEMODE_TREE)
                return std::unexpected(
                    refusal(QStringLiteral("'%1' is a file, not a directory").arg(QString::fromUtf8(prefix + name))));
            git_tree *raw = nullptr;
            if (int rc = git_tree_lookup(&raw, repo.get(), &it->id); rc < 0)
                return fail(rc, QStringLiteral("read tree '%1'").arg(QString::fromUtf8(prefix + name)));
            subtree.reset(raw);
        }
        auto sub = rebuild(repo, subtree.get(), *child, prefix + name + '/');
        if (!sub)
            return std::unexpected(sub.error());
        if (!*sub) {
            if (it != entries.end())
                entries.erase(it);
        } else if (it != entries.end()) {
            it->id = **sub;
        } else {
            entries.push_back({ name, GIT_FILEMODE_TREE, **sub });
        }
    }
    for (const auto &[name, change] : node.files) {
        if (change->remove)
            continue;
        auto it = find(name);
        if (it == entries.end()) {
            entries.push_back({ name, change->mode, change->id });
            continue;
        }
        if (it->mode == GIT_FILEMODE_TREE)
            return std::unexpected(refusal(
                QStringLiteral("cannot write file '%1': it is a directory").arg(QString::fromUtf8(prefix + name))));
        it->mode = change->mode;
        it->id = change->id;
    }
    if (entries.empty())
        return std::optional<git_oid>();
    std::sort(entries.begin(), entries.end(), gitLess);
    QByteArray data;
    data.reserve(qsizetype(entries.size()) * 48);
    for (const Entry &e : entries) {
        data += QByteArray::number(int(e.mode), 8);
        data += ' ';
        data += e.name;
        data += '\0';
        data.append(reinterpret_cast<const char *>(e.id.id), GIT_OID_RAWSZ);
    }
    auto id = repo.writeObject(GIT_OBJECT_TREE, data.constData(), size_t(data.size()));
    if (!id)
        return std::unexpected(id.error());
    return std::optional<git_oid>(*id);
}

} // namespace

GitResult<git_oid> TreeUpdater::apply(const Repository &repo, git_tree *base, const std::vector<TreeChange> &changes)
{
    Node root;
    for (const TreeChange &c : changes) {
        const QList<QByteArray> parts = c.path.split('/');
        Node *node = &root;
        for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
            auto &slot = node->dirs[parts[i]];
            if (!slot)
                slot = std::make_unique<Node>();
            node = slot.get();
        }
        if (parts.isEmpty() || parts.last().isEmpty() || parts.contains(QByteArray()))
            return std::unexpected(refusal(QStringLiteral("invalid path '%1'").arg(QString::fromUtf8(c.path))));
        const QByteArray &leaf = parts.last();
        if (auto it = node->files.find(leaf); it != node->files.end()) {
            // A remove and an upsert of one path: the upsert wins (a rename onto a
            // path the patch deletes); two upserts are the caller's bug.
            if (!it->second->remove && !c.remove)
                return std::unexpected(refusal(QStringLiteral("'%1' is written twice").arg(QString::fromUtf8(c.path))));
            if (c.remove)
                continue;
        }
        node->files[leaf] = &c;
    }
    auto result = rebuild(repo, base, root, QByteArray());
    if (!result)
        return std::unexpected(result.error());
    if (*result)
        return **result;
    // Everything removed: the empty tree.
    return repo.writeObject(GIT_OBJECT_TREE, "", 0);
}

} // namespace Autopack::Git
