// bench_git: issue 4's benchmark, in one program run.
//
//   (a) apply_ms_median: CandidateWriter::write, i.e. parse + scope policy + apply to
//       the base tree + commit with trailers + candidate ref, on a generated repository
//       of 5,000 files in nested folders, for a patch touching 10 files (300 changed
//       lines). Every repetition gets its own patch (same shape, different text), so
//       each writes new objects rather than finding them already stored.
//   (b) cli_ms_median: the shell pipeline a typical script runs on a working tree,
//       `git checkout -B b base && git apply p && git add -A && git commit -m m &&
//       git rev-parse HEAD` through `bash -c`, with the same patches.
//   review_diff_1000_ms: ReviewDiff::branch (structured files -> hunks -> lines) of a
//       branch changing 1,000 files against its base.
// Medians over 50 repetitions. For scale, it also prints the same apply through
// libgit2's git_apply_to_tree (reads the whole base tree into an index) and the apply
// on a 500-file repository: the cost follows the patch, not the repository.
//
// Usage: bench_git [repetitions]. Last line: one JSON object of the figures.

#include "candidatewriter.h"
#include "integrationbranch.h"
#include "repository.h"

#if __has_include("reviewdiff.h")
#include "reviewdiff.h"
#define AUTOPACK_HAVE_REVIEWDIFF 1
#endif

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace Autopack::Git;

namespace {

constexpr int kFilesPerDir = 5; // 10 x 10 x 10 folders x 5 = 5,000 files
constexpr int kLinesPerFile = 30;
constexpr int kPatchFiles = 10;
constexpr int kChangedPerFile = 15; // 15 removed + 15 added = 30 changed lines per file, 300 in all

QString filePath(int index)
{
    const int dir = index / kFilesPerDir;
    return QStringLiteral("src/m%1/p%2/q%3/file%4.txt")
        .arg(dir / 100, 2, 10, QLatin1Char('0'))
        .arg((dir / 10) % 10, 2, 10, QLatin1Char('0'))
        .arg(dir % 10, 2, 10, QLatin1Char('0'))
        .arg(index);
}

QByteArray fileLine(int file, int line)
{
    return "file " + QByteArray::number(file) + " line " + QByteArray::number(line) + " some ordinary source text\n";
}

bool run(const QString &dir, const QStringList &args, QByteArray *out = nullptr)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(args.first(), args.mid(1));
    p.waitForFinished(-1);
    if (out)
        *out = p.readAllStandardOutput();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n", qPrintable(args.join(u' ')), p.readAllStandardError().constData());
        return false;
    }
    return true;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

// A repository of `files` files committed on main, with a working tree (for the CLI).
bool makeRepository(const QString &dir, int files)
{
    for (int i = 0; i < files; ++i) {
        QByteArray content;
        for (int l = 1; l <= kLinesPerFile; ++l)
            content += fileLine(i, l);
        if (!writeFile(dir + u'/' + filePath(i), content))
            return false;
    }
    return run(dir,
               { QStringLiteral("git"), QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
                   QStringLiteral("main") })
        && run(dir,
            { QStringLiteral("git"), QStringLiteral("config"), QStringLiteral("user.name"), QStringLiteral("Bench") })
        && run(dir,
            { QStringLiteral("git"), QStringLiteral("config"), QStringLiteral("user.email"),
                QStringLiteral("bench@example.invalid") })
        && run(dir, { QStringLiteral("git"), QStringLiteral("add"), QStringLiteral("-A") })
        && run(dir,
            { QStringLiteral("git"), QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"),
                QStringLiteral("base") });
}

// Repetition `rep`'s patch: 10 files spread over the tree, lines 5..19 of each replaced.
QByteArray makePatch(int rep, int files)
{
    QByteArray patch;
    for (int k = 0; k < kPatchFiles; ++k) {
        const int file = (k * (files / kPatchFiles) + 7 * k + 3) % files;
        const QByteArray path = filePath(file).toUtf8();
        patch += "diff --git a/" + path + " b/" + path + "\n--- a/" + path + "\n+++ b/" + path + "\n";
        const int first = 5, last = first + kChangedPerFile - 1; // changed lines
        const int from = first - 3, to = last + 3; // with three lines of context
        const int count = to - from + 1;
        patch += "@@ -" + QByteArray::number(from) + "," + QByteArray::number(count) + " +" + QByteArray::number(from)
            + "," + QByteArray::number(count) + " @@\n";
        for (int l = from; l < first; ++l)
            patch += " " + fileLine(file, l);
        for (int l = first; l <= last; ++l)
            patch += "-" + fileLine(file, l);
        for (int l = first; l <= last; ++l)
            patch += "+changed in repetition " + QByteArray::number(rep) + ": " + fileLine(file, l);
        for (int l = last + 1; l <= to; ++l)
            patch += " " + fileLine(file, l);
    }
    return patch;
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double msSince(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

// CPU time of this process in ms: on a machine shared with other work the wall clock
// also counts the time the bench waited for a CPU.
double cpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

std::vector<double> g_applyCpu; // CPU ms of each (a) repetition on the 5,000-file repository

// (a) on a repository at `dir`; returns the per-repetition times or empty on failure.
std::vector<double> measureApply(const QString &dir, const QString &runId, int reps, int files)
{
    std::vector<double> times;
    auto repo = Repository::open(dir);
    if (!repo || !IntegrationBranch(*repo, runId).create(QStringLiteral("main"))) {
        std::fprintf(stderr, "cannot open the repository or create the integration branch\n");
        return {};
    }
    CandidateWriter writer(*repo, ScopePolicy {});
    for (int r = 0; r < reps; ++r) {
        CandidateRequest req;
        req.runId = runId;
        req.phaseId = QStringLiteral("p1");
        req.attempt = r + 1;
        req.patch = makePatch(r, files);
        QElapsedTimer t;
        const double cpu0 = cpuMs();
        t.start();
        auto c = writer.write(req);
        const double ms = msSince(t);
        if (files == 5000)
            g_applyCpu.push_back(cpuMs() - cpu0);
        if (!c) {
            std::fprintf(stderr, "apply failed: %s\n", qPrintable(c.error().toString()));
            return {};
        }
        times.push_back(ms);
    }
    return times;
}

// The same apply through git_apply_to_tree + commit, for comparison only.
std::vector<double> measureWholeTreeApply(const QString &dir, int reps, int files)
{
    std::vector<double> times;
    auto repo = Repository::open(dir);
    auto base = repo ? repo->branchTip(QStringLiteral("main")) : GitResult<git_oid>(std::unexpected(GitError {}));
    if (!base)
        return {};
    for (int r = 0; r < reps; ++r) {
        const QByteArray patch = makePatch(1000 + r, files);
        QElapsedTimer t;
        t.start();
        git_diff *rawDiff = nullptr;
        if (git_diff_from_buffer(&rawDiff, patch.constData(), size_t(patch.size())) < 0)
            return {};
        DiffPtr diff(rawDiff);
        auto commit = repo->commit(*base);
        auto tree = repo->treeOf(*base);
        git_index *rawIndex = nullptr;
        if (!commit || !tree || git_apply_to_tree(&rawIndex, repo->get(), tree->get(), diff.get(), nullptr) < 0)
            return {};
        IndexPtr index(rawIndex);
        git_oid treeId, commitId;
        git_tree *rawNew = nullptr;
        auto sig = repo->signature();
        if (git_index_write_tree_to(&treeId, index.get(), repo->get()) < 0
            || git_tree_lookup(&rawNew, repo->get(), &treeId) < 0)
            return {};
        TreePtr newTree(rawNew);
        const git_commit *parents[] = { commit->get() };
        if (git_commit_create(
                &commitId, repo->get(), nullptr, sig->get(), sig->get(), nullptr, "m\n", newTree.get(), 1, parents)
            < 0)
            return {};
        if (!repo->flushObjects()) // stored like a candidate's, for a fair comparison
            return {};
        times.push_back(msSince(t));
        repo->discardPendingObjects();
    }
    return times;
}

std::vector<double> measureCli(const QString &dir, int reps, int files)
{
    std::vector<double> times;
    const QString patchFile = dir + QStringLiteral("/../bench.patch");
    const QString script
        = QStringLiteral("git checkout -q -B b main && git apply %1 && git add -A && git commit -q -m m && "
                         "git rev-parse HEAD")
              .arg(patchFile);
    for (int r = 0; r < reps; ++r) {
        if (!writeFile(patchFile, makePatch(r, files)))
            return {};
        QElapsedTimer t;
        t.start();
        QByteArray out;
        if (!run(dir, { QStringLiteral("bash"), QStringLiteral("-c"), script }, &out))
            return {};
        times.push_back(msSince(t));
        if (out.trimmed().size() != 40)
            return {};
    }
    return times;
}

// A branch "review1000" changing 1,000 files (three lines each) of main, built with
// git_tree_create_updated.
bool makeReviewBranch(const QString &dir, int files)
{
    auto repo = Repository::open(dir);
    if (!repo)
        return false;
    auto base = repo->branchTip(QStringLiteral("main"));
    auto tree = base ? repo->treeOf(*base) : GitResult<TreePtr>(std::unexpected(GitError {}));
    auto parent = base ? repo->commit(*base) : GitResult<CommitPtr>(std::unexpected(GitError {}));
    if (!tree || !parent)
        return false;
    std::vector<QByteArray> paths;
    std::vector<git_tree_update> updates;
    paths.reserve(1000);
    for (int k = 0; k < 1000; ++k) {
        const int file = (k * (files / 1000)) % files;
        QByteArray content;
        for (int l = 1; l <= kLinesPerFile; ++l)
            content += (l % 10 == 0) ? "reviewed change of " + fileLine(file, l) : fileLine(file, l);
        git_tree_update u {};
        if (git_blob_create_from_buffer(&u.id, repo->get(), content.constData(), size_t(content.size())) < 0)
            return false;
        paths.push_back(filePath(file).toUtf8());
        u.action = GIT_TREE_UPDATE_UPSERT;
        u.filemode = GIT_FILEMODE_BLOB;
        updates.push_back(u);
    }
    for (size_t i = 0; i < updates.size(); ++i)
        updates[i].path = paths[i].constData();
    git_oid treeId, commitId;
    git_tree *rawNew = nullptr;
    auto sig = repo->signature();
    if (git_tree_create_updated(&treeId, repo->get(), tree->get(), updates.size(), updates.data()) < 0
        || git_tree_lookup(&rawNew, repo->get(), &treeId) < 0)
        return false;
    TreePtr newTree(rawNew);
    const git_commit *parents[] = { parent->get() };
    return git_commit_create(&commitId, repo->get(), nullptr, sig->get(), sig->get(), nullptr, "1,000 files\n",
               newTree.get(), 1, parents)
        == 0
        && repo->setRef(QStringLiteral("refs/heads/review1000"), commitId, nullptr, QStringLiteral("bench")) == 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("autopack.git.info=false"));
    const int reps = argc > 1 ? std::max(1, QByteArray(argv[1]).toInt()) : 50;
    Libgit2::ensureInitialised();

    QTemporaryDir tmp;
    const QString big = tmp.path() + QStringLiteral("/repo5000");
    const QString small = tmp.path() + QStringLiteral("/repo500");
    QDir().mkpath(big);
    QDir().mkpath(small);
    std::printf("generating repositories (5,000 and 500 files)...\n");
    std::fflush(stdout);
    if (!makeRepository(big, 5000) || !makeRepository(small, 500))
        return 1;
    const QByteArray sample = makePatch(0, 5000);
    std::printf("patch: %d files, %d changed lines, %lld bytes; %d repetitions each\n", kPatchFiles,
        kPatchFiles * kChangedPerFile * 2, qlonglong(sample.size()), reps);

    const std::vector<double> apply = measureApply(big, QStringLiteral("bench"), reps, 5000);
    const std::vector<double> applySmall = measureApply(small, QStringLiteral("bench"), reps, 500);
    const std::vector<double> wholeTree = measureWholeTreeApply(big, reps, 5000);
    const std::vector<double> cli = measureCli(big, reps, 5000);
    if (apply.empty() || applySmall.empty() || cli.empty() || wholeTree.empty()) {
        std::fprintf(stderr, "a measurement failed\n");
        return 1;
    }
    const double applyMs = median(apply), cliMs = median(cli);
    const double ratio = applyMs > 0 ? cliMs / applyMs : 0;
    std::printf("(a) apply to candidate and commit, 5,000 files: median %.3f ms (min %.3f, max %.3f)\n", applyMs,
        *std::min_element(apply.begin(), apply.end()), *std::max_element(apply.begin(), apply.end()));
    std::printf("    CPU time of the same: median %.3f ms\n", median(g_applyCpu));
    std::printf("    same on a 500-file repository:             median %.3f ms\n", median(applySmall));
    std::printf(
        "    for comparison, git_apply_to_tree + commit: median %.3f ms (reads the whole tree)\n", median(wholeTree));
    std::printf("(b) git CLI pipeline (checkout -B, apply, add -A, commit, rev-parse): median %.1f ms\n", cliMs);
    std::printf("ratio (b)/(a): %.1fx (target >= 25x, (a) < 3 ms)\n", ratio);

    double reviewMs = -1;
#ifdef AUTOPACK_HAVE_REVIEWDIFF
    if (!makeReviewBranch(big, 5000)) {
        std::fprintf(stderr, "cannot build the 1,000-file review branch\n");
        return 1;
    }
    std::vector<double> review;
    const int reviewReps = reps;
    size_t filesSeen = 0;
    for (int r = 0; r < reviewReps; ++r) {
        ReviewDiff diff(big);
        QElapsedTimer t;
        t.start();
        auto set = diff.branch(QStringLiteral("review1000"), QStringLiteral("main"));
        const double ms = msSince(t);
        if (!set) {
            std::fprintf(stderr, "review diff failed: %s\n", qPrintable(set.error().toString()));
            return 1;
        }
        filesSeen = size_t(set->files.size());
        review.push_back(ms);
    }
    reviewMs = median(review);
    std::printf(
        "whole-branch review diff, %zu files (structured, ReviewDiff::branch): median %.1f ms (target < 200 ms)\n",
        filesSeen, reviewMs);
#else
    std::printf("whole-branch review diff: ReviewDiff not built in this tree, not measured\n");
#endif

    QJsonObject json;
    json.insert(QStringLiteral("apply_ms_median"), qRound(applyMs * 1000) / 1000.0);
    json.insert(QStringLiteral("cli_ms_median"), qRound(cliMs * 10) / 10.0);
    json.insert(QStringLiteral("ratio"), qRound(ratio * 10) / 10.0);
    json.insert(
        QStringLiteral("review_diff_1000_ms"), reviewMs < 0 ? QJsonValue() : QJsonValue(qRound(reviewMs * 10) / 10.0));
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    return 0;
}
