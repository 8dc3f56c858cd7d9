#include "patchapplier.h"

#include "gitlog.h"
#include "repository.h"
#include "treeupdater.h"

#include <QHash>
#include <QSet>

#include <vector>

namespace Autopack::Git {

namespace {

const QString kOperation = QStringLiteral("apply patch");

std::unexpected<GitError> refuse(GitError::Kind kind, const QString &message, const QStringList &paths = {})
{
    return std::unexpected(GitError::refusal(kind, kOperation, message, paths));
}

// ---- header scan -------------------------------------------------------------------
// libgit2's parser strips one leading component from every path ("a/x" -> "x", but
// also "/etc/passwd" -> "etc/passwd"), so absolute paths and missing prefixes are only
// visible in the raw text. This scan reads the file headers the way git does (hunk
// bodies are skipped by their line counts, so a removed line "-- x" is not mistaken
// for a "--- x" header) and returns every path with its line number.

struct RawPath {
    QString path; // prefix removed
    int line = 0;
};

QString unquoteC(QByteArrayView s, bool *ok)
{
    // s starts and ends with '"'; git's C-style quoting (\\, \", \t, \n, \ooo octal).
    *ok = s.size() >= 2 && s.front() == '"' && s.back() == '"';
    if (!*ok)
        return {};
    QByteArray out;
    for (qsizetype i = 1; i + 1 < s.size(); ++i) {
        char c = s[i];
        if (c != '\\') {
            out += c;
            continue;
        }
        if (++i + 1 > s.size() - 1) {
            *ok = false;
            return {};
        }
        c = s[i];
        switch (c) {
        case 'a':
            out += '\a';
            break;
        case 'b':
            out += '\b';
            break;
        case 't':
            out += '\t';
            break;
        case 'n':
            out += '\n';
            break;
        case 'v':
            out += '\v';
            break;
        case 'f':
            out += '\f';
            break;
        case 'r':
            out += '\r';
            break;
        case '"':
            out += '"';
            break;
        case '\\':
            out += '\\';
            break;
        default:
            if (c >= '0' && c <= '3' && i + 2 < s.size() - 1) {
                out += char(((c - '0') << 6) | ((s[i + 1] - '0') << 3) | (s[i + 2] - '0'));
                i += 2;
            } else {
                *ok = false;
                return {};
            }
        }
    }
    return QString::fromUtf8(out);
}

// One path token of a "---"/"+++"/"rename from" line, unquoted. `prefixed` says
// whether git writes an "a/"/"b/" prefix on this kind of line.
struct PathToken {
    QString path;
    bool devNull = false;
    QString error;
};

PathToken readPathToken(QByteArrayView text, bool prefixed)
{
    PathToken t;
    QString p;
    if (text.startsWith('"')) {
        bool ok = false;
        p = unquoteC(text, &ok);
        if (!ok) {
            t.error = QStringLiteral("badly quoted path");
            return t;
        }
    } else {
        // A tab ends the path (non-git diffs append a timestamp); git quotes paths
        // that contain one.
        const qsizetype tab = text.indexOf('\t');
        p = QString::fromUtf8(tab >= 0 ? text.first(tab) : text);
    }
    if (p == QStringLiteral("/dev/null")) {
        t.devNull = true;
        return t;
    }
    if (prefixed) {
        if (p.startsWith(QStringLiteral("a/")) || p.startsWith(QStringLiteral("b/"))) {
            p.remove(0, 2);
        } else if (p.startsWith(u'/')) {
            t.path = p; // reported as absolute by the policy
            return t;
        } else {
            t.error = QStringLiteral("path '%1' lacks the a/ or b/ prefix of git diff").arg(p);
            return t;
        }
    }
    t.path = p;
    return t;
}

// Splits the rest of a "diff --git " line into its two paths. Unquoted names may
// contain spaces, so the split that makes both names equal wins (git's own rule for
// the unambiguous case); otherwise the first " b/".
bool splitGitHeader(QByteArrayView rest, QByteArray *left, QByteArray *right)
{
    if (rest.startsWith('"')) {
        qsizetype i = 1;
        for (; i < rest.size(); ++i) {
            if (rest[i] == '\\')
                ++i;
            else if (rest[i] == '"')
                break;
        }
        if (i >= rest.size() || i + 1 >= rest.size() || rest[i + 1] != ' ')
            return false;
        *left = rest.first(i + 1).toByteArray();
        *right = rest.sliced(i + 2).toByteArray();
        return true;
    }
    QList<qsizetype> cuts;
    for (qsizetype i = rest.indexOf(' '); i >= 0; i = rest.indexOf(' ', i + 1))
        cuts.append(i);
    if (cuts.isEmpty())
        return false;
    for (qsizetype c : cuts) {
        const QByteArrayView l = rest.first(c), r = rest.sliced(c + 1);
        if (l.size() > 2 && r.size() > 2 && l.sliced(2) == r.sliced(2)) {
            *left = l.toByteArray();
            *right = r.toByteArray();
            return true;
        }
    }
    const qsizetype b = rest.indexOf(" b/");
    const qsizetype c = b >= 0 ? b : cuts.first();
    *left = rest.first(c).toByteArray();
    *right = rest.sliced(c + 1).toByteArray();
    return true;
}

bool parseRange(QByteArrayView s, long *start, long *count)
{
    // "12,5" or "12"
    const qsizetype comma = s.indexOf(',');
    bool ok1 = true, ok2 = true;
    *start = (comma >= 0 ? s.first(comma) : s).toByteArray().toLong(&ok1);
    *count = comma >= 0 ? s.sliced(comma + 1).toByteArray().toLong(&ok2) : 1;
    return ok1 && ok2 && *start >= 0 && *count >= 0;
}

GitResult<QList<RawPath>> scanHeaders(QByteArrayView text)
{
    enum class State { Outside, Header, Hunk, Binary } state = State::Outside;
    long oldLeft = 0, newLeft = 0;
    QList<RawPath> paths;
    QStringList tokenErrors;
    int lineNo = 0;
    bool sawGitHeader = false;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qsizetype nl = text.indexOf('\n', pos);
        if (nl < 0)
            nl = text.size();
        QByteArrayView line = text.sliced(pos, nl - pos);
        pos = nl + 1;
        ++lineNo;
        if (line.endsWith('\r'))
            line.chop(1); // header lines only; hunk bodies are not read here

        if (state == State::Hunk) {
            if (oldLeft > 0 || newLeft > 0) {
                const char c = line.isEmpty() ? ' ' : line.front();
                if (c == ' ') {
                    --oldLeft;
                    --newLeft;
                    continue;
                }
                if (c == '-') {
                    --oldLeft;
                    continue;
                }
                if (c == '+') {
                    --newLeft;
                    continue;
                }
                if (c == '\\')
                    continue;
                // A short hunk: libgit2 reports it precisely when it parses.
            }
            if (line.startsWith('\\'))
                continue;
            state = State::Header;
        }
        if (line.startsWith("diff --git ")) {
            sawGitHeader = true;
            state = State::Header;
            QByteArray l, r;
            if (!splitGitHeader(line.sliced(11), &l, &r)) {
                tokenErrors << QStringLiteral("line %1: cannot read the two paths of '%2'")
                                   .arg(lineNo)
                                   .arg(QString::fromUtf8(line));
                continue;
            }
            for (const QByteArray &tok : { l, r }) {
                const PathToken t = readPathToken(tok, true);
                if (!t.error.isEmpty())
                    tokenErrors << QStringLiteral("line %1: %2").arg(lineNo).arg(t.error);
                else if (!t.devNull)
                    paths.append({ t.path, lineNo });
            }
            continue;
        }
        if (state == State::Binary)
            continue;
        if (state == State::Outside) {
            if (line.startsWith("--- ") || line.startsWith("+++ ") || line.startsWith("@@ ")) {
                return refuse(GitError::Kind::InvalidPatch,
                    QStringLiteral("line %1 ('%2') starts a file diff without a 'diff --git' header: only "
                                   "git-style patches (git diff, git format-patch) are accepted")
                        .arg(lineNo)
                        .arg(QString::fromUtf8(line.first(std::min<qsizetype>(line.size(), 80)))));
            }
            continue; // e-mail headers and commit message of format-patch output
        }
        // State::Header
        struct Kind {
            const char *prefix;
            bool prefixed;
        };
        static const Kind kinds[] = { { "--- ", true }, { "+++ ", true }, { "rename from ", false },
            { "rename to ", false }, { "copy from ", false }, { "copy to ", false } };
        bool matched = false;
        for (const Kind &k : kinds) {
            if (line.startsWith(k.prefix)) {
                const PathToken t = readPathToken(line.sliced(qstrlen(k.prefix)), k.prefixed);
                if (!t.error.isEmpty())
                    tokenErrors << QStringLiteral("line %1: %2").arg(lineNo).arg(t.error);
                else if (!t.devNull)
                    paths.append({ t.path, lineNo });
                matched = true;
                break;
            }
        }
        if (matched)
            continue;
        if (line.startsWith("@@ -")) {
            const qsizetype plus = line.indexOf(" +");
            const qsizetype end = plus >= 0 ? line.indexOf(" @@", plus) : -1;
            long os = 0, oc = 0, ns = 0, nc = 0;
            if (plus < 0 || end < 0 || !parseRange(line.sliced(4, plus - 4), &os, &oc)
                || !parseRange(line.sliced(plus + 2, end - plus - 2), &ns, &nc)) {
                return refuse(GitError::Kind::InvalidPatch,
                    QStringLiteral("line %1: malformed hunk header '%2'").arg(lineNo).arg(QString::fromUtf8(line)));
            }
            oldLeft = oc;
            newLeft = nc;
            state = State::Hunk;
            continue;
        }
        if (line.startsWith("GIT binary patch"))
            state = State::Binary;
    }
    if (!sawGitHeader)
        return refuse(GitError::Kind::InvalidPatch,
            QStringLiteral("no 'diff --git' header found: the text is not a git-style patch"));
    if (!tokenErrors.isEmpty())
        return refuse(GitError::Kind::InvalidPatch, tokenErrors.join(QStringLiteral("; ")));
    return paths;
}

// ---- hunk application --------------------------------------------------------------

std::vector<QByteArrayView> splitLines(QByteArrayView data)
{
    std::vector<QByteArrayView> lines;
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype nl = data.indexOf('\n', pos);
        const qsizetype end = nl < 0 ? data.size() : nl + 1;
        lines.push_back(data.sliced(pos, end - pos));
        pos = end;
    }
    return lines;
}

QString shown(QByteArrayView line)
{
    QString s = QString::fromUtf8(line.first(std::min<qsizetype>(line.size(), 120)));
    s.replace(u'\r', QStringLiteral("\\r"));
    s.replace(u'\n', QString());
    return s;
}

struct Update {
    QByteArray path;
    git_oid id {};
    git_filemode_t mode = GIT_FILEMODE_BLOB;
    bool remove = false;
};

const char *statusName(git_delta_t s)
{
    switch (s) {
    case GIT_DELTA_ADDED:
        return "new file";
    case GIT_DELTA_DELETED:
        return "deletion";
    case GIT_DELTA_RENAMED:
        return "rename";
    case GIT_DELTA_COPIED:
        return "copy";
    default:
        return "change";
    }
}

} // namespace

PatchApplier::PatchApplier(const Repository &repo, const ScopePolicy &policy)
    : m_repo(repo)
    , m_policy(policy)
{
}

GitResult<QByteArray> PatchApplier::applyHunks(git_patch *patch, const QByteArray &original, const QString &path)
{
    const std::vector<QByteArrayView> old = splitLines(original);
    const size_t hunkCount = git_patch_num_hunks(patch);
    QByteArray out;
    out.reserve(original.size() + 256);
    size_t copied = 0; // old lines [0, copied) are done
    std::vector<QByteArrayView> pre, post;
    std::vector<QByteArray> stripped; // keeps lines whose final '\n' an EOF marker removed
    stripped.reserve(4);
    for (size_t h = 0; h < hunkCount; ++h) {
        const git_diff_hunk *hunk = nullptr;
        size_t lineCount = 0;
        if (int rc = git_patch_get_hunk(&hunk, &lineCount, patch, h); rc < 0)
            return fail(rc, QStringLiteral("read hunk %1 of '%2'").arg(h + 1).arg(path));
        pre.clear();
        post.clear();
        bool lastInPre = false, lastInPost = false;
        for (size_t l = 0; l < lineCount; ++l) {
            const git_diff_line *line = nullptr;
            if (int rc = git_patch_get_line_in_hunk(&line, patch, h, l); rc < 0)
                return fail(rc, QStringLiteral("read hunk %1 of '%2'").arg(h + 1).arg(path));
            const QByteArrayView v(line->content, qsizetype(line->content_len));
            switch (line->origin) {
            case GIT_DIFF_LINE_CONTEXT:
                pre.push_back(v);
                post.push_back(v);
                lastInPre = lastInPost = true;
                break;
            case GIT_DIFF_LINE_DELETION:
                pre.push_back(v);
                lastInPre = true;
                lastInPost = false;
                break;
            case GIT_DIFF_LINE_ADDITION:
                post.push_back(v);
                lastInPre = false;
                lastInPost = true;
                break;
            case GIT_DIFF_LINE_CONTEXT_EOFNL:
            case GIT_DIFF_LINE_ADD_EOFNL:
            case GIT_DIFF_LINE_DEL_EOFNL:
                // "\ No newline at end of file": the line before it ends without '\n'.
                if (lastInPre && !pre.empty() && pre.back().endsWith('\n'))
                    pre.back().chop(1);
                if (lastInPost && !post.empty() && post.back().endsWith('\n'))
                    post.back().chop(1);
                break;
            default:
                break;
            }
        }
        const QString hunkName = QStringLiteral("hunk %1 of %2 (%3)")
                                     .arg(h + 1)
                                     .arg(hunkCount)
                                     .arg(QString::fromUtf8(hunk->header, int(hunk->header_len)).trimmed());
        // Where the hunk says it goes: old_start is 1-based, and for a pure insertion
        // (no old lines) it names the line after which the new lines go.
        size_t expected
            = hunk->old_lines == 0 ? size_t(hunk->old_start) : size_t(hunk->old_start > 0 ? hunk->old_start - 1 : 0);
        auto matchesAt = [&](size_t at) {
            if (at < copied || at + pre.size() > old.size())
                return false;
            for (size_t i = 0; i < pre.size(); ++i) {
                if (old[at + i] != pre[i])
                    return false;
            }
            return true;
        };
        size_t at = expected;
        bool found = false;
        if (pre.empty()) {
            found = expected >= copied && expected <= old.size();
        } else {
            // Same search as git apply without fuzz: nearest offset first, both ways.
            const size_t span = std::max(old.size(), expected) + 1;
            for (size_t off = 0; off <= span && !found; ++off) {
                if (matchesAt(expected + off)) {
                    at = expected + off;
                    found = true;
                } else if (off > 0 && off <= expected && matchesAt(expected - off)) {
                    at = expected - off;
                    found = true;
                }
            }
        }
        if (!found) {
            QString why;
            if (expected < copied) {
                why = QStringLiteral("it overlaps the previous hunk");
            } else if (expected + pre.size() > old.size()) {
                why = QStringLiteral("the base file has %1 lines, the hunk needs lines %2 to %3")
                          .arg(old.size())
                          .arg(expected + 1)
                          .arg(expected + pre.size());
            } else {
                for (size_t i = 0; i < pre.size(); ++i) {
                    if (old[expected + i] != pre[i]) {
                        why = QStringLiteral("line %1 of the base file is '%2', the patch expects '%3'")
                                  .arg(expected + i + 1)
                                  .arg(shown(old[expected + i]), shown(pre[i]));
                        break;
                    }
                }
            }
            return refuse(GitError::Kind::ApplyFailed,
                QStringLiteral("%1 does not apply to '%2': %3").arg(hunkName, path, why), { path });
        }
        for (size_t i = copied; i < at; ++i)
            out.append(old[i]);
        for (const QByteArrayView &v : post)
            out.append(v);
        copied = at + pre.size();
    }
    for (size_t i = copied; i < old.size(); ++i)
        out.append(old[i]);
    return out;
}

GitResult<AppliedPatch> PatchApplier::apply(const QByteArray &patch, const git_oid &baseCommit) const
{
    if (auto ok = m_policy.checkSize(patch.size()); !ok)
        return std::unexpected(ok.error());
    auto tree = m_repo.treeOf(baseCommit);
    if (!tree)
        return std::unexpected(tree.error());
    return apply(patch, tree->get());
}

GitResult<AppliedPatch> PatchApplier::apply(const QByteArray &patch, git_tree *baseTree) const
{
    if (auto ok = m_policy.checkSize(patch.size()); !ok)
        return std::unexpected(ok.error());
    if (patch.trimmed().isEmpty())
        return refuse(GitError::Kind::InvalidPatch, QStringLiteral("patch is empty"));

    // 1. Every path named in the headers against the scope policy.
    auto raw = scanHeaders(patch);
    if (!raw)
        return std::unexpected(raw.error());
    QStringList offending, reasons;
    auto note = [&](const QString &path, const QString &why) {
        if (!offending.contains(path)) {
            offending << path;
            reasons << QStringLiteral("'%1': %2").arg(path, why);
        }
    };
    for (const RawPath &p : *raw) {
        if (const QString why = m_policy.pathViolation(p.path); !why.isEmpty())
            note(p.path, why);
    }
    if (!offending.isEmpty())
        return refuse(GitError::Kind::PolicyViolation,
            QStringLiteral("scope policy refuses %1").arg(reasons.join(QStringLiteral("; "))), offending);

    // 2. Parse.
    git_diff *rawDiff = nullptr;
    if (int rc = git_diff_from_buffer(&rawDiff, patch.constData(), size_t(patch.size())); rc < 0) {
        const git_error *e = git_error_last();
        return refuse(GitError::Kind::InvalidPatch,
            QStringLiteral("cannot parse the patch: %1")
                .arg(e && e->message ? QString::fromUtf8(e->message) : QStringLiteral("error %1").arg(rc)));
    }
    DiffPtr diff(rawDiff);
    const size_t deltaCount = git_diff_num_deltas(diff.get());
    if (deltaCount == 0)
        return refuse(GitError::Kind::InvalidPatch, QStringLiteral("patch contains no file changes"));

    // 3. Per-file policy: the parsed paths again, binary, modes, symlinks.
    bool anyBinary = false;
    QStringList touched;
    QSet<QString> seen;
    for (size_t i = 0; i < deltaCount; ++i) {
        const git_diff_delta *d = git_diff_get_delta(diff.get(), i);
        const QString oldPath = QString::fromUtf8(d->old_file.path);
        const QString newPath = QString::fromUtf8(d->new_file.path);
        for (const QString &p : { oldPath, newPath }) {
            if (const QString why = m_policy.pathViolation(p); !why.isEmpty())
                note(p, why);
        }
        if (d->flags & GIT_DIFF_FLAG_BINARY) {
            anyBinary = true;
            if (!m_policy.allowBinary())
                note(newPath, QStringLiteral("binary patches are not allowed"));
        }
        if (d->new_file.mode == GIT_FILEMODE_LINK)
            note(newPath, QStringLiteral("creates a symlink"));
        else if (d->new_file.mode == GIT_FILEMODE_COMMIT)
            note(newPath, QStringLiteral("creates a submodule entry"));
        else if (d->new_file.mode != 0 && d->new_file.mode != GIT_FILEMODE_BLOB
            && d->new_file.mode != GIT_FILEMODE_BLOB_EXECUTABLE && d->status != GIT_DELTA_DELETED)
            note(newPath, QStringLiteral("unsupported file mode %1").arg(d->new_file.mode, 0, 8));
        const bool writesNew = d->status != GIT_DELTA_DELETED;
        if (const QString why = ScopePolicy::symlinkViolation(baseTree, newPath, writesNew); !why.isEmpty())
            note(newPath, why);
        if (oldPath != newPath) {
            if (const QString why = ScopePolicy::symlinkViolation(baseTree, oldPath, false); !why.isEmpty())
                note(oldPath, why);
        }
        for (const QString &p : { oldPath, newPath }) {
            if (!touched.contains(p))
                touched << p;
        }
        // A path may be written once; a rename's source may not be touched again.
        const QStringList written
            = d->status == GIT_DELTA_RENAMED ? QStringList { oldPath, newPath } : QStringList { newPath };
        for (const QString &p : written) {
            if (seen.contains(p))
                return refuse(GitError::Kind::InvalidPatch,
                    QStringLiteral("'%1' appears in more than one file section of the patch").arg(p), { p });
            seen.insert(p);
        }
    }
    if (!offending.isEmpty())
        return refuse(GitError::Kind::PolicyViolation,
            QStringLiteral("scope policy refuses %1").arg(reasons.join(QStringLiteral("; "))), offending);

    git_repository *repo = m_repo.get();
    if (anyBinary) {
        // Allowed binary patch: libgit2 decodes and applies the binary deltas; this
        // path reads the whole base tree, which is acceptable for a rare case.
        git_index *rawIndex = nullptr;
        if (int rc = git_apply_to_tree(&rawIndex, repo, baseTree, diff.get(), nullptr); rc < 0) {
            const git_error *e = git_error_last();
            return refuse(GitError::Kind::ApplyFailed,
                QStringLiteral("patch does not apply: %1")
                    .arg(e && e->message ? QString::fromUtf8(e->message) : QStringLiteral("error %1").arg(rc)),
                touched);
        }
        IndexPtr index(rawIndex);
        AppliedPatch result;
        if (int rc = git_index_write_tree_to(&result.tree, index.get(), repo); rc < 0)
            return fail(rc, QStringLiteral("write patched tree"));
        result.paths = touched;
        return result;
    }

    // 4. Apply every file in memory; nothing is written until all of them applied.
    struct Pending {
        QByteArray path;
        QByteArray content;
        git_filemode_t mode;
        bool unchangedBlob = false;
        git_oid blob {};
    };
    std::vector<Pending> writes;
    std::vector<QByteArray> removals;
    for (size_t i = 0; i < deltaCount; ++i) {
        const git_diff_delta *d = git_diff_get_delta(diff.get(), i);
        const QString oldPath = QString::fromUtf8(d->old_file.path);
        const QString newPath = QString::fromUtf8(d->new_file.path);
        const bool fromOld = d->status != GIT_DELTA_ADDED;

        QByteArray original;
        git_filemode_t oldMode = GIT_FILEMODE_BLOB;
        git_oid oldBlob {};
        if (fromOld) {
            git_tree_entry *rawEntry = nullptr;
            if (git_tree_entry_bypath(&rawEntry, baseTree, d->old_file.path) < 0) {
                git_error_clear();
                return refuse(GitError::Kind::ApplyFailed,
                    QStringLiteral("'%1' does not exist in the base commit (patch is a %2)")
                        .arg(oldPath, QString::fromLatin1(statusName(d->status))),
                    { oldPath });
            }
            TreeEntryPtr entry(rawEntry);
            oldMode = git_tree_entry_filemode(entry.get());
            if (oldMode != GIT_FILEMODE_BLOB && oldMode != GIT_FILEMODE_BLOB_EXECUTABLE
                && !(oldMode == GIT_FILEMODE_LINK && d->status == GIT_DELTA_DELETED)) {
                return refuse(GitError::Kind::ApplyFailed,
                    QStringLiteral("'%1' is not a regular file in the base commit").arg(oldPath), { oldPath });
            }
            oldBlob = *git_tree_entry_id(entry.get());
            git_blob *rawBlob = nullptr;
            if (int rc = git_blob_lookup(&rawBlob, repo, &oldBlob); rc < 0)
                return fail(rc, QStringLiteral("read '%1' of the base commit").arg(oldPath));
            BlobPtr blob(rawBlob);
            original = QByteArray(
                static_cast<const char *>(git_blob_rawcontent(blob.get())), qsizetype(git_blob_rawsize(blob.get())));
        }
        if (d->status == GIT_DELTA_ADDED || d->status == GIT_DELTA_RENAMED || d->status == GIT_DELTA_COPIED) {
            git_tree_entry *rawEntry = nullptr;
            if (git_tree_entry_bypath(&rawEntry, baseTree, d->new_file.path) == 0) {
                git_tree_entry_free(rawEntry);
                return refuse(GitError::Kind::ApplyFailed,
                    QStringLiteral("'%1' already exists in the base commit (patch is a %2)")
                        .arg(newPath, QString::fromLatin1(statusName(d->status))),
                    { newPath });
            }
            git_error_clear();
        }

        git_patch *rawPatch = nullptr;
        if (int rc = git_patch_from_diff(&rawPatch, diff.get(), i); rc < 0)
            return fail(rc, QStringLiteral("read the patch of '%1'").arg(newPath));
        PatchPtr filePatch(rawPatch);
        const bool hasHunks = git_patch_num_hunks(filePatch.get()) > 0;
        QByteArray content;
        if (hasHunks) {
            auto applied = applyHunks(filePatch.get(), original, newPath);
            if (!applied)
                return std::unexpected(applied.error());
            content = std::move(*applied);
        } else {
            content = original;
        }

        if (d->status == GIT_DELTA_DELETED) {
            if (!content.isEmpty())
                return refuse(GitError::Kind::ApplyFailed,
                    QStringLiteral("deletion of '%1' does not match its content in the base commit").arg(oldPath),
                    { oldPath });
            removals.push_back(QByteArray(d->old_file.path));
            continue;
        }
        if (d->status == GIT_DELTA_RENAMED)
            removals.push_back(QByteArray(d->old_file.path));
        const git_filemode_t mode = d->new_file.mode != 0
            ? git_filemode_t(d->new_file.mode)
            : (fromOld && oldMode != GIT_FILEMODE_LINK ? oldMode : GIT_FILEMODE_BLOB);
        Pending p { QByteArray(d->new_file.path), std::move(content), mode };
        if (!hasHunks && fromOld) {
            p.unchangedBlob = true;
            p.blob = oldBlob;
        }
        writes.push_back(std::move(p));
    }

    // 5. Blobs, then the trees on the changed paths, into the pending object batch.
    std::vector<TreeChange> changes;
    changes.reserve(writes.size() + removals.size());
    for (const QByteArray &path : removals) {
        TreeChange c;
        c.path = path;
        c.remove = true;
        changes.push_back(c);
    }
    for (Pending &p : writes) {
        if (!p.unchangedBlob) {
            auto id = m_repo.writeObject(GIT_OBJECT_BLOB, p.content.constData(), size_t(p.content.size()));
            if (!id)
                return std::unexpected(id.error());
            p.blob = *id;
        }
        TreeChange c;
        c.path = p.path;
        c.id = p.blob;
        c.mode = p.mode;
        changes.push_back(c);
    }
    auto tree = TreeUpdater::apply(m_repo, baseTree, changes);
    if (!tree)
        return std::unexpected(tree.error());
    AppliedPatch result;
    result.tree = *tree;
    result.paths = touched;
    qCDebug(lcGit) << "applied patch to" << touched.size() << "paths";
    return result;
}

} // namespace Autopack::Git
