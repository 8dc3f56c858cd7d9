#include "reviewdiff.h"

#include "githandles.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

namespace Autopack::Git {

namespace {

GitError notFound(const QString &operation, const QString &message)
{
    return GitError::refusal(GitError::Kind::NotFound, operation, message);
}

GitResult<RepositoryPtr> openRepository(const QString &path)
{
    Libgit2::ensureInitialised();
    const QString operation = QStringLiteral("open repository %1").arg(path);
    if (path.isEmpty() || !QFileInfo::exists(path))
        return std::unexpected(notFound(operation, QStringLiteral("repository path '%1' does not exist").arg(path)));
    git_repository *raw = nullptr;
    // NO_SEARCH: the path must itself be the repository, never a parent of it that
    // happens to be one.
    const int rc = git_repository_open_ext(&raw, QFile::encodeName(path).constData(), GIT_REPOSITORY_OPEN_NO_SEARCH,
                                           nullptr);
    RepositoryPtr repo(raw);
    if (rc == GIT_ENOTFOUND)
        return std::unexpected(notFound(operation, QStringLiteral("'%1' is not a git repository").arg(path)));
    if (rc < 0)
        return fail(rc, operation);
    return repo;
}

// A revision resolved and peeled to what a diff needs: its tree, and the commit
// when it names one.
struct Resolved {
    ObjectPtr commit; // null when the revision names a tree
    TreePtr tree;
    QString id; // the commit's id, or the tree's when there is no commit
};

GitResult<ObjectPtr> revparse(git_repository *repo, const QString &revision, const QString &repoPath)
{
    const QString operation = QStringLiteral("resolve revision '%1'").arg(revision);
    if (revision.trimmed().isEmpty())
        return std::unexpected(
            GitError::refusal(GitError::Kind::Refused, operation, QStringLiteral("the revision is empty")));
    git_object *raw = nullptr;
    const int rc = git_revparse_single(&raw, repo, revision.toUtf8().constData());
    ObjectPtr object(raw);
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return std::unexpected(
            notFound(operation, QStringLiteral("revision '%1' not found in %2").arg(revision, repoPath)));
    if (rc == GIT_EAMBIGUOUS)
        return std::unexpected(GitError::refusal(
            GitError::Kind::Refused, operation,
            QStringLiteral("revision '%1' is ambiguous in %2; give more digits").arg(revision, repoPath)));
    if (rc < 0)
        return fail(rc, operation);
    return object;
}

GitResult<Resolved> resolve(git_repository *repo, const QString &revision, const QString &repoPath, bool needCommit)
{
    auto object = revparse(repo, revision, repoPath);
    if (!object)
        return std::unexpected(object.error());
    const QString operation = QStringLiteral("resolve revision '%1'").arg(revision);
    Resolved r;
    git_object *peeled = nullptr;
    if (git_object_peel(&peeled, object->get(), GIT_OBJECT_COMMIT) == 0)
        r.commit.reset(peeled);
    if (!r.commit && needCommit)
        return std::unexpected(GitError::refusal(GitError::Kind::Refused, operation,
                                                 QStringLiteral("revision '%1' is a %2, not a commit")
                                                     .arg(revision, QString::fromLatin1(git_object_type2string(
                                                                        git_object_type(object->get()))))));
    peeled = nullptr;
    if (int rc = git_object_peel(&peeled, object->get(), GIT_OBJECT_TREE); rc < 0) {
        if (rc == GIT_EINVALIDSPEC || rc == GIT_EPEEL || rc == GIT_ENOTFOUND)
            return std::unexpected(GitError::refusal(GitError::Kind::Refused, operation,
                                                     QStringLiteral("revision '%1' is a %2, not a commit or tree")
                                                         .arg(revision, QString::fromLatin1(git_object_type2string(
                                                                            git_object_type(object->get()))))));
        return fail(rc, operation);
    }
    r.tree.reset(reinterpret_cast<git_tree *>(peeled));
    r.id = oidToString(r.commit ? *git_object_id(r.commit.get()) : *git_tree_id(r.tree.get()));
    return r;
}

// Rename similarity as git computes it (diffcore-delta.c), so that renames and the
// "similarity index" lines agree with `git diff`: libgit2's own metric (hashsig) is
// a different heuristic and gives other percentages. Each side is cut into spans
// ending at LF or after 64 bytes (a CR before LF is skipped in text), spans are
// hashed into HASHBASE buckets counting their bytes, and the similarity is the
// bytes both sides share over the larger size.
struct SpanSignature {
    quint64 size = 0;
    std::vector<std::pair<quint32, quint32>> spans; // (hash, bytes), sorted by hash
};

SpanSignature *spanSignature(const char *data, size_t size)
{
    constexpr quint32 hashBase = 107927;
    auto *sig = new SpanSignature;
    sig->size = size;
    const bool text = size == 0 || std::memchr(data, 0, std::min<size_t>(size, 8000)) == nullptr;
    QHash<quint32, quint32> counts;
    quint32 accum1 = 0;
    quint32 accum2 = 0;
    quint32 n = 0;
    for (size_t i = 0; i < size; ++i) {
        const quint32 c = static_cast<unsigned char>(data[i]);
        if (text && c == '\r' && i + 1 < size && data[i + 1] == '\n')
            continue;
        const quint32 old1 = accum1;
        accum1 = (accum1 << 7) ^ (accum2 >> 25);
        accum2 = (accum2 << 7) ^ (old1 >> 25);
        accum1 += c;
        if (++n < 64 && c != '\n')
            continue;
        counts[(accum1 + accum2 * 0x61) % hashBase] += n;
        n = 0;
        accum1 = accum2 = 0;
    }
    if (n > 0)
        counts[(accum1 + accum2 * 0x61) % hashBase] += n;
    sig->spans.reserve(size_t(counts.size()));
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        sig->spans.emplace_back(it.key(), it.value());
    std::sort(sig->spans.begin(), sig->spans.end());
    return sig;
}

int spanBufferSignature(void **out, const git_diff_file *, const char *buf, size_t len, void *)
{
    *out = spanSignature(buf, len);
    return 0;
}

int spanFileSignature(void **out, const git_diff_file *, const char *fullPath, void *)
{
    QFile file(QFile::decodeName(fullPath));
    if (!file.open(QIODevice::ReadOnly)) {
        git_error_set_str(GIT_ERROR_OS, qPrintable(QStringLiteral("cannot read %1").arg(file.fileName())));
        return -1;
    }
    const QByteArray content = file.readAll();
    *out = spanSignature(content.constData(), size_t(content.size()));
    return 0;
}

void spanFreeSignature(void *sig, void *)
{
    delete static_cast<SpanSignature *>(sig);
}

int spanSimilarity(int *score, void *sigA, void *sigB, void *)
{
    const auto *a = static_cast<const SpanSignature *>(sigA);
    const auto *b = static_cast<const SpanSignature *>(sigB);
    const quint64 maxSize = std::max(a->size, b->size);
    if (std::min(a->size, b->size) == 0) {
        *score = 0;
        return 0;
    }
    quint64 copied = 0;
    auto ia = a->spans.cbegin();
    auto ib = b->spans.cbegin();
    while (ia != a->spans.cend() && ib != b->spans.cend()) {
        if (ia->first < ib->first) {
            ++ia;
        } else if (ib->first < ia->first) {
            ++ib;
        } else {
            copied += std::min(ia->second, ib->second);
            ++ia;
            ++ib;
        }
    }
    // git's score is out of 60000, printed as score * 100 / 60000; rounding down
    // twice as git does keeps thresholds and printed percentages identical.
    constexpr quint64 maxScore = 60000;
    const quint64 fine = copied * maxScore / maxSize;
    *score = int(fine * 100 / maxScore);
    return 0;
}

git_diff_similarity_metric gitSimilarityMetric = { spanFileSignature, spanBufferSignature, spanFreeSignature,
                                                   spanSimilarity, nullptr };

// Borrowed C strings for a git_strarray; the QByteArrays must outlive it.
struct Pathspec {
    explicit Pathspec(const QStringList &paths)
    {
        for (const QString &p : paths)
            bytes.push_back(p.toUtf8());
        for (QByteArray &b : bytes)
            pointers.push_back(b.data());
    }
    std::vector<QByteArray> bytes;
    std::vector<char *> pointers;
};

GitResult<DiffPtr> treeDiff(git_repository *repo, git_tree *oldTree, git_tree *newTree, const DiffOptions &options,
                            bool structured)
{
    git_diff_options opts;
    git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
    opts.context_lines = uint32_t(std::max(0, options.contextLines));
    opts.interhunk_lines = uint32_t(std::max(0, options.interhunkLines));
    switch (options.whitespace) {
    case DiffOptions::Whitespace::Exact:
        break;
    case DiffOptions::Whitespace::IgnoreAtEol:
        opts.flags |= GIT_DIFF_IGNORE_WHITESPACE_EOL;
        break;
    case DiffOptions::Whitespace::IgnoreChange:
        opts.flags |= GIT_DIFF_IGNORE_WHITESPACE_CHANGE;
        break;
    case DiffOptions::Whitespace::IgnoreAll:
        opts.flags |= GIT_DIFF_IGNORE_WHITESPACE;
        break;
    }
    // git diff shows a file that became a symlink as a deletion plus an addition, and
    // the patch text must match it; the structured diff reports one type change.
    if (structured)
        opts.flags |= GIT_DIFF_INCLUDE_TYPECHANGE;
    Pathspec pathspec(options.paths);
    if (!options.paths.isEmpty()) {
        opts.pathspec.strings = pathspec.pointers.data();
        opts.pathspec.count = pathspec.pointers.size();
        // Literal paths: a file name with '*' or '[' in it means that file.
        opts.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH;
    }

    git_diff *raw = nullptr;
    const int rc = git_diff_tree_to_tree(&raw, repo, oldTree, newTree, &opts);
    DiffPtr diff(raw);
    if (rc < 0)
        return fail(rc, QStringLiteral("diff trees"));

    if (options.detectRenames || options.detectCopies) {
        git_diff_find_options find;
        git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
        find.flags = (options.detectRenames ? uint32_t(GIT_DIFF_FIND_RENAMES) : 0u)
                     | (options.detectCopies ? uint32_t(GIT_DIFF_FIND_COPIES) : 0u);
        find.rename_threshold = uint16_t(std::clamp(options.renameThreshold, 0, 100));
        find.copy_threshold = find.rename_threshold;
        find.rename_limit = 1000; // git's diff.renameLimit default; libgit2's is 200
        find.metric = &gitSimilarityMetric;
        if (int frc = git_diff_find_similar(diff.get(), &find); frc < 0)
            return fail(frc, QStringLiteral("detect renames"));
    }
    return diff;
}

DiffFile::Status statusOf(git_delta_t status)
{
    switch (status) {
    case GIT_DELTA_ADDED:
        return DiffFile::Status::Added;
    case GIT_DELTA_DELETED:
        return DiffFile::Status::Deleted;
    case GIT_DELTA_RENAMED:
        return DiffFile::Status::Renamed;
    case GIT_DELTA_COPIED:
        return DiffFile::Status::Copied;
    case GIT_DELTA_TYPECHANGE:
        return DiffFile::Status::TypeChanged;
    default:
        return DiffFile::Status::Modified;
    }
}

// Size of one side, from the delta when libgit2 already knows it, else from the
// object database header (which does not inflate the blob).
qint64 sideSize(git_odb *odb, const git_diff_file &file)
{
    if (!(file.flags & GIT_DIFF_FLAG_EXISTS) && git_oid_is_zero(&file.id))
        return 0;
    if (file.flags & GIT_DIFF_FLAG_VALID_SIZE)
        return qint64(file.size);
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (odb && git_odb_read_header(&size, &type, odb, &file.id) == 0)
        return qint64(size);
    return qint64(file.size);
}

QString blobId(const git_diff_file &file)
{
    return git_oid_is_zero(&file.id) ? QString() : oidToString(file.id);
}

DiffLine::Kind lineKind(char origin)
{
    switch (origin) {
    case GIT_DIFF_LINE_ADDITION:
        return DiffLine::Kind::Added;
    case GIT_DIFF_LINE_DELETION:
        return DiffLine::Kind::Removed;
    case GIT_DIFF_LINE_CONTEXT_EOFNL:
    case GIT_DIFF_LINE_ADD_EOFNL:
    case GIT_DIFF_LINE_DEL_EOFNL:
        return DiffLine::Kind::NoNewline;
    default:
        return DiffLine::Kind::Context;
    }
}

GitResult<DiffFile> structuredFile(git_diff *diff, size_t index, git_odb *odb, const DiffOptions &options)
{
    git_patch *rawPatch = nullptr;
    const int rc = git_patch_from_diff(&rawPatch, diff, index);
    PatchPtr patch(rawPatch);
    const git_diff_delta *delta = patch ? git_patch_get_delta(patch.get()) : git_diff_get_delta(diff, index);
    const QString path = QString::fromUtf8(delta->new_file.path ? delta->new_file.path : delta->old_file.path);
    if (rc < 0)
        return fail(rc, QStringLiteral("diff file %1").arg(path));

    DiffFile file;
    file.oldPath = QString::fromUtf8(delta->old_file.path);
    file.newPath = QString::fromUtf8(delta->new_file.path);
    file.status = statusOf(delta->status);
    file.oldMode = delta->status == GIT_DELTA_ADDED ? 0 : quint32(delta->old_file.mode);
    file.newMode = delta->status == GIT_DELTA_DELETED ? 0 : quint32(delta->new_file.mode);
    file.oldId = blobId(delta->old_file);
    file.newId = blobId(delta->new_file);
    if (delta->status == GIT_DELTA_RENAMED || delta->status == GIT_DELTA_COPIED)
        file.similarity = int(delta->similarity);
    file.binary = (delta->flags & GIT_DIFF_FLAG_BINARY) != 0;
    if (!patch || file.binary)
        return file;

    size_t additions = 0;
    size_t deletions = 0;
    if (int src = git_patch_line_stats(nullptr, &additions, &deletions, patch.get()); src < 0)
        return fail(src, QStringLiteral("count lines of %1").arg(path));
    file.additions = int(additions);
    file.deletions = int(deletions);

    if (options.maxFileBytes > 0
        && std::max(sideSize(odb, delta->old_file), sideSize(odb, delta->new_file)) > options.maxFileBytes) {
        file.tooLarge = true;
        return file;
    }

    const size_t hunkCount = git_patch_num_hunks(patch.get());
    file.hunks.reserve(qsizetype(hunkCount));
    for (size_t h = 0; h < hunkCount; ++h) {
        const git_diff_hunk *gh = nullptr;
        size_t lineCount = 0;
        if (int hrc = git_patch_get_hunk(&gh, &lineCount, patch.get(), h); hrc < 0)
            return fail(hrc, QStringLiteral("read hunk %1 of %2").arg(h + 1).arg(path));
        Hunk hunk;
        hunk.oldStart = gh->old_start;
        hunk.oldCount = gh->old_lines;
        hunk.newStart = gh->new_start;
        hunk.newCount = gh->new_lines;
        size_t headerLength = gh->header_len;
        while (headerLength > 0 && (gh->header[headerLength - 1] == '\n' || gh->header[headerLength - 1] == '\r'))
            --headerLength;
        hunk.header = QString::fromUtf8(gh->header, qsizetype(headerLength));
        hunk.lines.reserve(qsizetype(lineCount));
        for (size_t l = 0; l < lineCount; ++l) {
            const git_diff_line *gl = nullptr;
            if (int lrc = git_patch_get_line_in_hunk(&gl, patch.get(), h, l); lrc < 0)
                return fail(lrc, QStringLiteral("read line %1 of hunk %2 of %3").arg(l + 1).arg(h + 1).arg(path));
            DiffLine line;
            line.kind = lineKind(gl->origin);
            if (line.kind == DiffLine::Kind::NoNewline) {
                hunk.lines.append(std::move(line));
                continue;
            }
            line.oldLine = gl->old_lineno;
            line.newLine = gl->new_lineno;
            size_t length = gl->content_len;
            if (length > 0 && gl->content[length - 1] == '\n') {
                --length;
                if (length > 0 && gl->content[length - 1] == '\r') {
                    --length;
                    line.crlf = true;
                }
            }
            line.text = QString::fromUtf8(gl->content, qsizetype(length));
            hunk.lines.append(std::move(line));
        }
        file.hunks.append(std::move(hunk));
    }
    if (options.wordDiff)
        WordDiff::fillFile(file, options.wordDiffOptions);
    return file;
}

GitResult<QList<DiffFile>> structuredFiles(git_repository *repo, git_diff *diff, const DiffOptions &options)
{
    git_odb *rawOdb = nullptr;
    if (int rc = git_repository_odb(&rawOdb, repo); rc < 0)
        return fail(rc, QStringLiteral("open object database"));
    OdbPtr odb(rawOdb);
    const size_t count = git_diff_num_deltas(diff);
    QList<DiffFile> files;
    files.reserve(qsizetype(count));
    for (size_t i = 0; i < count; ++i) {
        if (options.stopToken.stop_requested())
            return std::unexpected(GitError::refusal(GitError::Kind::Refused, QStringLiteral("review diff"),
                                                     QStringLiteral("cancelled")));
        auto file = structuredFile(diff, i, odb.get(), options);
        if (!file)
            return std::unexpected(file.error());
        files.append(std::move(*file));
        if (options.progress)
            options.progress(int(i + 1), int(count));
    }
    return files;
}

GitResult<QByteArray> patchText(git_diff *diff)
{
    Buf buf;
    if (int rc = git_diff_to_buf(buf.get(), diff, GIT_DIFF_FORMAT_PATCH); rc < 0)
        return fail(rc, QStringLiteral("format patch"));
    return buf.toByteArray();
}

// The two trees of a comparison, kept with the repository that owns them.
struct Comparison {
    RepositoryPtr repo;
    Resolved oldSide; // tree null: the empty tree
    Resolved newSide;
    QString mergeBase;
};

GitResult<Comparison> commitComparison(const QString &repoPath, const QString &revision)
{
    auto repo = openRepository(repoPath);
    if (!repo)
        return std::unexpected(repo.error());
    Comparison c;
    c.repo = std::move(*repo);
    auto newSide = resolve(c.repo.get(), revision, repoPath, true);
    if (!newSide)
        return std::unexpected(newSide.error());
    c.newSide = std::move(*newSide);
    auto *commit = reinterpret_cast<git_commit *>(c.newSide.commit.get());
    if (git_commit_parentcount(commit) > 0) {
        git_commit *parent = nullptr;
        if (int rc = git_commit_parent(&parent, commit, 0); rc < 0)
            return fail(rc, QStringLiteral("read first parent of %1").arg(revision));
        c.oldSide.commit.reset(reinterpret_cast<git_object *>(parent));
        git_tree *tree = nullptr;
        if (int rc = git_commit_tree(&tree, parent); rc < 0)
            return fail(rc, QStringLiteral("read tree of first parent of %1").arg(revision));
        c.oldSide.tree.reset(tree);
        c.oldSide.id = oidToString(*git_commit_id(parent));
    }
    return c;
}

GitResult<Comparison> betweenComparison(const QString &repoPath, const QString &oldRevision,
                                        const QString &newRevision)
{
    auto repo = openRepository(repoPath);
    if (!repo)
        return std::unexpected(repo.error());
    Comparison c;
    c.repo = std::move(*repo);
    auto oldSide = resolve(c.repo.get(), oldRevision, repoPath, false);
    if (!oldSide)
        return std::unexpected(oldSide.error());
    auto newSide = resolve(c.repo.get(), newRevision, repoPath, false);
    if (!newSide)
        return std::unexpected(newSide.error());
    c.oldSide = std::move(*oldSide);
    c.newSide = std::move(*newSide);
    return c;
}

GitResult<Comparison> branchComparison(const QString &repoPath, const QString &branchRevision,
                                       const QString &baseRevision)
{
    auto repo = openRepository(repoPath);
    if (!repo)
        return std::unexpected(repo.error());
    Comparison c;
    c.repo = std::move(*repo);
    auto branch = resolve(c.repo.get(), branchRevision, repoPath, true);
    if (!branch)
        return std::unexpected(branch.error());
    auto base = resolve(c.repo.get(), baseRevision, repoPath, true);
    if (!base)
        return std::unexpected(base.error());
    const QString operation = QStringLiteral("merge base of '%1' and '%2'").arg(branchRevision, baseRevision);
    git_oid mergeBase;
    const int rc = git_merge_base(&mergeBase, c.repo.get(), git_object_id(branch->commit.get()),
                                  git_object_id(base->commit.get()));
    if (rc == GIT_ENOTFOUND)
        return std::unexpected(GitError::refusal(
            GitError::Kind::Refused, operation,
            QStringLiteral("'%1' and '%2' have no common history").arg(branchRevision, baseRevision)));
    if (rc < 0)
        return fail(rc, operation);
    c.mergeBase = oidToString(mergeBase);
    auto oldSide = resolve(c.repo.get(), c.mergeBase, repoPath, true);
    if (!oldSide)
        return std::unexpected(oldSide.error());
    c.oldSide = std::move(*oldSide);
    c.newSide = std::move(*branch);
    return c;
}

// A path asked for that is in neither tree is a mistake to report, not an empty diff.
GitResult<void> checkPathsExist(const Comparison &c, const QStringList &paths)
{
    for (const QString &path : paths) {
        QString entryPath = path;
        while (entryPath.endsWith(QLatin1Char('/')))
            entryPath.chop(1);
        bool found = false;
        for (git_tree *tree : { c.oldSide.tree.get(), c.newSide.tree.get() }) {
            git_tree_entry *raw = nullptr;
            if (tree && !entryPath.isEmpty() && git_tree_entry_bypath(&raw, tree, entryPath.toUtf8().constData()) == 0) {
                TreeEntryPtr entry(raw);
                found = true;
                break;
            }
        }
        if (!found)
            return std::unexpected(notFound(QStringLiteral("diff %1").arg(path),
                                            QStringLiteral("path '%1' is in neither %2 nor %3")
                                                .arg(path,
                                                     c.oldSide.id.isEmpty() ? QStringLiteral("the empty tree")
                                                                            : c.oldSide.id,
                                                     c.newSide.id)));
    }
    return {};
}

GitResult<DiffSet> toDiffSet(GitResult<Comparison> comparison, const DiffOptions &options)
{
    if (!comparison)
        return std::unexpected(comparison.error());
    if (auto ok = checkPathsExist(*comparison, options.paths); !ok)
        return std::unexpected(ok.error());
    auto diff = treeDiff(comparison->repo.get(), comparison->oldSide.tree.get(), comparison->newSide.tree.get(),
                         options, true);
    if (!diff)
        return std::unexpected(diff.error());
    auto files = structuredFiles(comparison->repo.get(), diff->get(), options);
    if (!files)
        return std::unexpected(files.error());
    DiffSet set;
    set.oldRevision = comparison->oldSide.id;
    set.newRevision = comparison->newSide.id;
    set.mergeBase = comparison->mergeBase;
    set.files = std::move(*files);
    return set;
}

GitResult<QByteArray> toPatch(GitResult<Comparison> comparison, const DiffOptions &options)
{
    if (!comparison)
        return std::unexpected(comparison.error());
    if (auto ok = checkPathsExist(*comparison, options.paths); !ok)
        return std::unexpected(ok.error());
    auto diff = treeDiff(comparison->repo.get(), comparison->oldSide.tree.get(), comparison->newSide.tree.get(),
                         options, false);
    if (!diff)
        return std::unexpected(diff.error());
    return patchText(diff->get());
}

} // namespace

ReviewDiff::ReviewDiff(QString repositoryPath, DiffOptions options)
    : m_repositoryPath(std::move(repositoryPath)), m_options(std::move(options))
{
}

GitResult<DiffSet> ReviewDiff::commit(const QString &revision) const
{
    return toDiffSet(commitComparison(m_repositoryPath, revision), m_options);
}

GitResult<QByteArray> ReviewDiff::commitPatch(const QString &revision) const
{
    return toPatch(commitComparison(m_repositoryPath, revision), m_options);
}

GitResult<DiffSet> ReviewDiff::between(const QString &oldRevision, const QString &newRevision) const
{
    return toDiffSet(betweenComparison(m_repositoryPath, oldRevision, newRevision), m_options);
}

GitResult<QByteArray> ReviewDiff::betweenPatch(const QString &oldRevision, const QString &newRevision) const
{
    return toPatch(betweenComparison(m_repositoryPath, oldRevision, newRevision), m_options);
}

GitResult<DiffSet> ReviewDiff::branch(const QString &branchRevision, const QString &baseRevision) const
{
    return toDiffSet(branchComparison(m_repositoryPath, branchRevision, baseRevision), m_options);
}

GitResult<QByteArray> ReviewDiff::branchPatch(const QString &branchRevision, const QString &baseRevision) const
{
    return toPatch(branchComparison(m_repositoryPath, branchRevision, baseRevision), m_options);
}

GitResult<QByteArray> ReviewDiff::blob(const QString &blobId) const
{
    auto repo = openRepository(m_repositoryPath);
    if (!repo)
        return std::unexpected(repo.error());
    const QString operation = QStringLiteral("read blob %1").arg(blobId);
    auto object = revparse(repo->get(), blobId, m_repositoryPath);
    if (!object)
        return std::unexpected(object.error());
    if (git_object_type(object->get()) != GIT_OBJECT_BLOB)
        return std::unexpected(
            GitError::refusal(GitError::Kind::Refused, operation, QStringLiteral("'%1' is not a blob").arg(blobId)));
    auto *b = reinterpret_cast<const git_blob *>(object->get());
    return QByteArray(static_cast<const char *>(git_blob_rawcontent(b)), qsizetype(git_blob_rawsize(b)));
}

} // namespace Autopack::Git
