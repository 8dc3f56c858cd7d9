#pragma once

// DiffFile values written the way a patch reads, for the diff viewer tests: each
// line starts with '+', '-', ' ' or '\' (the no-newline marker); a trailing "\r"
// in the text marks a CRLF line. Line numbers and intraline ranges are computed
// as ReviewDiff would (WordDiff::fillHunk).

#include "diffmodel.h"
#include "worddiff.h"

#include <QStringList>

namespace DiffFixtures {

using namespace Autopack::Git;

inline Hunk hunk(int oldStart, int newStart, const QStringList &lines, const QString &section = {})
{
    Hunk h;
    h.oldStart = oldStart;
    h.newStart = newStart;
    int oldLine = oldStart;
    int newLine = newStart;
    for (const QString &raw : lines) {
        DiffLine line;
        const QChar prefix = raw.isEmpty() ? u' ' : raw.at(0);
        QString text = raw.mid(1);
        if (text.endsWith(u'\r')) {
            line.crlf = true;
            text.chop(1);
        }
        line.text = text;
        if (prefix == u'+') {
            line.kind = DiffLine::Kind::Added;
            line.newLine = newLine++;
            ++h.newCount;
        } else if (prefix == u'-') {
            line.kind = DiffLine::Kind::Removed;
            line.oldLine = oldLine++;
            ++h.oldCount;
        } else if (prefix == u'\\') {
            line.kind = DiffLine::Kind::NoNewline;
            line.text.clear();
        } else {
            line.oldLine = oldLine++;
            line.newLine = newLine++;
            ++h.oldCount;
            ++h.newCount;
        }
        h.lines.append(line);
    }
    h.header = QStringLiteral("@@ -%1,%2 +%3,%4 @@%5")
                   .arg(h.oldStart)
                   .arg(h.oldCount)
                   .arg(h.newStart)
                   .arg(h.newCount)
                   .arg(section.isEmpty() ? QString() : u' ' + section);
    WordDiff::fillHunk(h);
    return h;
}

inline DiffFile file(const QString &path, DiffFile::Status status, QList<Hunk> hunks)
{
    DiffFile f;
    f.oldPath = f.newPath = path;
    f.status = status;
    f.oldMode = status == DiffFile::Status::Added ? 0 : 0100644;
    f.newMode = status == DiffFile::Status::Deleted ? 0 : 0100644;
    for (const Hunk &h : std::as_const(hunks)) {
        for (const DiffLine &l : h.lines) {
            f.additions += l.kind == DiffLine::Kind::Added;
            f.deletions += l.kind == DiffLine::Kind::Removed;
        }
    }
    f.hunks = std::move(hunks);
    return f;
}

// One of each kind the viewer must show: modified (with an intraline change and a
// whitespace-only change), added, deleted, renamed, mode change, binary, CRLF, and
// no newline at the end.
inline QList<DiffFile> mixedDiff()
{
    QList<DiffFile> files;
    files.append(file(QStringLiteral("src/main.cpp"), DiffFile::Status::Modified,
        { hunk(10, 10,
              { QStringLiteral(" int main()"), QStringLiteral(" {"), QStringLiteral("-    return compute(1, 2);"),
                  QStringLiteral("+    return compute(1, 3);"), QStringLiteral(" }") },
              QStringLiteral("int main()")),
            hunk(40, 40,
                { QStringLiteral(" a"), QStringLiteral("-\tb = 1;"), QStringLiteral("+    b = 1;"),
                    QStringLiteral("+c"), QStringLiteral(" d") }) }));
    files.append(file(QStringLiteral("new.txt"), DiffFile::Status::Added,
        { hunk(0, 1, { QStringLiteral("+hello"), QStringLiteral("+world") }) }));
    files.append(
        file(QStringLiteral("old.txt"), DiffFile::Status::Deleted, { hunk(1, 0, { QStringLiteral("-bye") }) }));
    DiffFile renamed = file(QStringLiteral("docs/after.md"), DiffFile::Status::Renamed,
        { hunk(3, 3, { QStringLiteral(" x"), QStringLiteral("-y"), QStringLiteral("+Y"), QStringLiteral(" z") }) });
    renamed.oldPath = QStringLiteral("docs/before.md");
    renamed.similarity = 90;
    files.append(renamed);
    DiffFile mode = file(QStringLiteral("run.sh"), DiffFile::Status::Modified, {});
    mode.newMode = 0100755;
    files.append(mode);
    DiffFile binary = file(QStringLiteral("logo.png"), DiffFile::Status::Modified, {});
    binary.binary = true;
    files.append(binary);
    files.append(file(QStringLiteral("win.txt"), DiffFile::Status::Modified,
        { hunk(1, 1, { QStringLiteral("-line one"), QStringLiteral("+line one\r"), QStringLiteral(" two\r") }) }));
    files.append(file(QStringLiteral("tail.txt"), DiffFile::Status::Modified,
        { hunk(5, 5,
            { QStringLiteral(" e"), QStringLiteral("-f"), QStringLiteral("\\"), QStringLiteral("+f"),
                QStringLiteral("+g"), QStringLiteral("\\") }) }));
    return files;
}

// `files` files of `lines` lines each, changed in small hunks: every `spacing` lines
// one line replaced (3 lines of context around it), like a rename across a codebase.
inline QList<DiffFile> manyHunks(int files, int lines, int spacing)
{
    QList<DiffFile> out;
    for (int f = 0; f < files; ++f) {
        QList<Hunk> hunks;
        for (int at = 4; at + 4 < lines; at += spacing) {
            QStringList rows;
            for (int i = at - 3; i < at; ++i)
                rows.append(QStringLiteral(" int value%1 = compute(%1);").arg(i));
            rows.append(QStringLiteral("-int value%1 = oldName(%1);").arg(at));
            rows.append(QStringLiteral("+int value%1 = newName(%1);").arg(at));
            for (int i = at + 1; i <= at + 3; ++i)
                rows.append(QStringLiteral(" int value%1 = compute(%1);").arg(i));
            hunks.append(hunk(at - 3, at - 3, rows));
        }
        out.append(file(QStringLiteral("src/module%1/file%1.cpp").arg(f), DiffFile::Status::Modified, hunks));
    }
    return out;
}

} // namespace DiffFixtures
