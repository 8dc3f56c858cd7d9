// TarArchive: what we write, GNU tar lists and extracts exactly (modes, symlinks, a
// 200-character path, pax path/linkpath for what ustar cannot hold); what GNU tar writes
// in ustar, pax and gnu format, and what git archive writes, we read back; every kind of
// damage is refused with the entry and the offset named.

#include "gittestrepo.h"
#include "tararchive.h"

#include <QFileInfo>
#include <QMap>

#include <unistd.h>

using namespace Autopack::Git;
using namespace Autopack::Git::TestSupport;

namespace {

struct ToolRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

ToolRun run(const QString &program, const QStringList &args, const QString &dir)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C.UTF-8"));
    p.setProcessEnvironment(env);
    p.start(program, args);
    p.waitForFinished(60000);
    return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
        p.readAllStandardError() };
}

QByteArray readLink(const QString &path)
{
    char buf[4096];
    const QByteArray p = QFile::encodeName(path);
    const ssize_t n = ::readlink(p.constData(), buf, sizeof buf);
    return n < 0 ? QByteArray() : QByteArray(buf, qsizetype(n));
}

// A 200-character path that ustar can still hold: prefix "<48>/<49>/<49>" (148) + name "<49>/x".
QString path200()
{
    const QStringList parts { QString(48, u'a'), QString(49, u'b'), QString(49, u'c'), QString(49, u'd') };
    return parts.join(u'/') + QStringLiteral("/x"); // 48 + 3*49 + 3 + 2 = 200
}

// A path no ustar split can hold: a 150-character file name.
QString longName() { return QStringLiteral("deep/") + QString(150, u'n') + QStringLiteral(".txt"); }

QByteArray binaryBlob(int size)
{
    QByteArray b;
    for (int i = 0; i < size; ++i)
        b.append(char((i * 37 + 11) % 256));
    return b;
}

QList<TarEntry> sampleEntries()
{
    return {
        { QStringLiteral("a.txt"), 0100644, "hello\n" },
        { QStringLiteral("bin/run.sh"), 0100755, "#!/bin/sh\necho run\n" },
        { QStringLiteral("link"), 0120000, "a.txt" },
        { QStringLiteral("empty"), 0100644, {} },
        { QStringLiteral("block/exact512"), 0100644, QByteArray(512, 'x') },
        { QStringLiteral("block/over513"), 0100644, QByteArray(513, 'y') },
        { QString(100, u'h'), 0100644, "a name of exactly 100 bytes\n" },
        { path200(), 0100644, "two hundred\n" },
        { longName(), 0100755, "pax path\n" },
        { QStringLiteral("longlink"), 0120000, QByteArray("target/") + QByteArray(150, 't') },
        { QStringLiteral("dïr/ñame ✓.txt"), 0100644, "utf-8\n" },
        { QStringLiteral("data/blob.bin"), 0100644, binaryBlob(3000) },
    };
}

QMap<QString, TarEntry> byPath(const QList<TarEntry> &entries)
{
    QMap<QString, TarEntry> m;
    for (const TarEntry &e : entries)
        m.insert(e.path, e);
    return m;
}

// Rewrites the header at `offset` with `edit` and a recomputed checksum, so only the
// edited fields are wrong.
QByteArray editHeader(QByteArray archive, qsizetype offset, const std::function<void(char *)> &edit)
{
    char *h = archive.data() + offset;
    edit(h);
    std::memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < 512; ++i)
        sum += uchar(h[i]);
    std::snprintf(h + 148, 8, "%06o", sum);
    h[155] = ' ';
    return archive;
}

void setName(char *h, const QByteArray &name)
{
    std::memset(h, 0, 100);
    std::memcpy(h, name.constData(), size_t(name.size()));
}

} // namespace

class TestTarArchive : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        QCOMPARE(path200().size(), 200);
        const QList<TarEntry> entries = sampleEntries();
        auto bytes = TarArchive::write(entries);
        QVERIFY2(bytes, qPrintable(bytes ? QString() : bytes.error().toString()));
        QCOMPARE(bytes->size() % 512, 0);
        auto again = TarArchive::write(entries);
        QCOMPARE(*again, *bytes); // deterministic: no clock, no user in the headers
        auto read = TarArchive::read(*bytes);
        QVERIFY2(read, qPrintable(read ? QString() : read.error().toString()));
        QCOMPARE(*read, entries);
    }

    void emptyArchive()
    {
        TarArchive tar;
        const QByteArray bytes = tar.finish();
        QCOMPARE(bytes, QByteArray(1024, '\0'));
        auto read = TarArchive::read(bytes);
        QVERIFY(read);
        QVERIFY(read->isEmpty());
    }

    void gnuTarReadsWhatWeWrite()
    {
        QTemporaryDir dir;
        const QList<TarEntry> entries = sampleEntries();
        const QString file = dir.filePath(QStringLiteral("ours.tar"));
        writeFile(file, *TarArchive::write(entries));

        const ToolRun list = run(QStringLiteral("tar"),
            { QStringLiteral("--quoting-style=literal"), QStringLiteral("-tvf"), file }, dir.path());
        QVERIFY2(list.exitCode == 0 && list.err.isEmpty(), list.err.constData());
        const QList<QByteArray> lines = list.out.trimmed().split('\n');
        QCOMPARE(lines.size(), entries.size());
        for (int i = 0; i < entries.size(); ++i) {
            const TarEntry &e = entries.at(i);
            const QByteArray line = lines.at(i);
            const QByteArray perms = e.mode == 0120000 ? "lrwxrwxrwx" : e.mode == 0100755 ? "-rwxr-xr-x" : "-rw-r--r--";
            QVERIFY2(line.startsWith(perms), line.constData());
            const QByteArray name = e.path.toUtf8() + (e.mode == 0120000 ? QByteArray(" -> " + e.data) : QByteArray());
            QVERIFY2(line.endsWith(QByteArray(" " + name)), line.constData());
            if (e.mode != 0120000)
                QVERIFY2(line.contains(QByteArray(" " + QByteArray::number(e.data.size()) + " ")), line.constData());
        }

        const QString out = dir.filePath(QStringLiteral("x"));
        QDir().mkpath(out);
        const ToolRun extract
            = run(QStringLiteral("tar"), { QStringLiteral("-xf"), file, QStringLiteral("-C"), out }, dir.path());
        QVERIFY2(extract.exitCode == 0 && extract.err.isEmpty(), extract.err.constData());
        for (const TarEntry &e : entries) {
            const QString path = out + u'/' + e.path;
            const QFileInfo info(path);
            if (e.mode == 0120000) {
                QVERIFY2(info.isSymLink(), qPrintable(e.path));
                QCOMPARE(readLink(path), e.data);
                continue;
            }
            QVERIFY2(info.isFile() && !info.isSymLink(), qPrintable(e.path));
            QCOMPARE(readFile(path), e.data);
            QCOMPARE(info.isExecutable(), e.mode == 0100755);
        }
    }

    void weReadWhatGnuTarWrites_data()
    {
        QTest::addColumn<QString>("format");
        QTest::newRow("ustar") << QStringLiteral("ustar");
        QTest::newRow("pax") << QStringLiteral("pax");
        QTest::newRow("gnu") << QStringLiteral("gnu");
    }

    void weReadWhatGnuTarWrites()
    {
        QFETCH(QString, format);
        QTemporaryDir dir;
        const QString src = dir.filePath(QStringLiteral("src"));
        QMap<QString, TarEntry> expected;
        auto addFile = [&](const QString &path, const QByteArray &data, bool exec) {
            writeFile(src + u'/' + path, data);
            if (exec)
                QFile::setPermissions(src + u'/' + path,
                    QFile::permissions(src + u'/' + path) | QFile::ExeOwner | QFile::ExeGroup | QFile::ExeOther);
            expected.insert(path, TarEntry { path, exec ? 0100755u : 0100644u, data });
        };
        auto addLink = [&](const QString &path, const QByteArray &target) {
            QDir().mkpath(QFileInfo(src + u'/' + path).absolutePath());
            QVERIFY(::symlink(target.constData(), QFile::encodeName(src + u'/' + path).constData()) == 0);
            expected.insert(path, TarEntry { path, 0120000, target });
        };
        addFile(QStringLiteral("a.txt"), "hello\n", false);
        addFile(QStringLiteral("bin/run.sh"), "#!/bin/sh\n", true);
        addFile(QStringLiteral("nested/dir/deep/file.bin"), binaryBlob(5000), false);
        addFile(QStringLiteral("empty"), {}, false);
        addFile(path200(), "two hundred\n", false);
        addLink(QStringLiteral("link"), "a.txt");
        addLink(QStringLiteral("nested/up"), "../a.txt");
        QDir().mkpath(src + QStringLiteral("/an/empty/dir")); // a directory entry, skipped
        if (format != QLatin1String("ustar")) { // ustar cannot hold these; tar refuses them
            addFile(longName(), "pax path\n", false);
            addLink(QStringLiteral("longlink"), QByteArray("target/") + QByteArray(150, 't'));
        }

        const QString file = dir.filePath(QStringLiteral("theirs.tar"));
        const ToolRun create = run(QStringLiteral("tar"),
            { QStringLiteral("--format=") + format, QStringLiteral("-cf"), file, QStringLiteral("-C"), src,
                QStringLiteral(".") },
            dir.path());
        QVERIFY2(create.exitCode == 0, create.err.constData());
        auto read = TarArchive::read(readFile(file));
        QVERIFY2(read, qPrintable(read ? QString() : read.error().toString()));
        QCOMPARE(byPath(*read), expected);
        QCOMPARE(read->size(), expected.size());
    }

    void weReadGitArchive()
    {
        QTemporaryDir dir;
        git(dir.path(), { QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main") });
        writeFile(dir.filePath(QStringLiteral("src/main.c")), "int main(void) { return 0; }\n");
        writeFile(dir.filePath(QStringLiteral("run.sh")), "#!/bin/sh\n");
        QFile::setPermissions(
            dir.filePath(QStringLiteral("run.sh")), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        git(dir.path(), { QStringLiteral("add"), QStringLiteral("-A") });
        git(dir.path(), { QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"), QStringLiteral("x") });
        // git archive starts with a global pax header (the commit id) and lists directories.
        const GitRun archive
            = runGit(dir.path(), { QStringLiteral("archive"), QStringLiteral("--format=tar"), QStringLiteral("HEAD") });
        QCOMPARE(archive.exitCode, 0);
        auto read = TarArchive::read(archive.out);
        QVERIFY2(read, qPrintable(read ? QString() : read.error().toString()));
        const QList<TarEntry> expected { { QStringLiteral("run.sh"), 0100755, "#!/bin/sh\n" },
            { QStringLiteral("src/main.c"), 0100644, "int main(void) { return 0; }\n" } };
        QCOMPARE(*read, expected);
    }

    void damageIsRefused_data()
    {
        QTest::addColumn<QByteArray>("archive");
        QTest::addColumn<QString>("expected"); // substrings of the error, '|'-separated

        QList<TarEntry> entries { { QStringLiteral("one.txt"), 0100644, "first\n" },
            { QStringLiteral("two.txt"), 0100644, QByteArray(700, 'z') },
            { QStringLiteral("three"), 0120000, "one.txt" } };
        const QByteArray good = *TarArchive::write(entries);
        // Layout: one.txt header 0, data 512; two.txt header 1024, data 1536..2560; three header 2560; end 3072.
        QTest::newRow("flipped byte in a header") << [&] {
            QByteArray b = good;
            b[1024 + 2] = 'X';
            return b;
        }() << QStringLiteral("offset 1024|checksum mismatch");
        QTest::newRow("data cut short") << good.left(1536 + 300)
                                        << QStringLiteral("entry 'two.txt' at offset 1024|data cut short");
        QTest::newRow("header cut short") << good.left(2560 + 100) << QStringLiteral("offset 2560|header cut short");
        QTest::newRow("no end-of-archive block")
            << good.left(3072) << QStringLiteral("offset 3072|without an end-of-archive block");
        QTest::newRow("size not a number")
            << editHeader(good, 1024, [](char *h) { std::memcpy(h + 124, "0000000z700", 11); })
            << QStringLiteral("entry 'two.txt' at offset 1024|size field");
        QTest::newRow("size larger than the archive")
            << editHeader(good, 1024, [](char *h) { std::memcpy(h + 124, "77777777777", 11); })
            << QStringLiteral("entry 'two.txt' at offset 1024|data cut short");
        QTest::newRow("parent directory")
            << editHeader(good, 0, [](char *h) { setName(h, "../evil"); }) << QStringLiteral("entry '../evil'|'..'");
        QTest::newRow("absolute path") << editHeader(good, 0, [](char *h) { setName(h, "/etc/passwd"); })
                                       << QStringLiteral("entry '/etc/passwd' at offset 0|absolute");
        QTest::newRow("device") << editHeader(good, 0, [](char *h) { h[156] = '3'; })
                                << QStringLiteral("entry 'one.txt' at offset 0|type '3'");
        QTest::newRow("hard link") << editHeader(good, 2560, [](char *h) { h[156] = '1'; })
                                   << QStringLiteral("entry 'three' at offset 2560|hard links");
        QTest::newRow("not ustar") << editHeader(good, 0, [](char *h) { std::memcpy(h + 257, "nope\0\0\0\0", 8); })
                                   << QStringLiteral("offset 0|magic");

        // A pax header with a broken record, and one that nothing follows.
        TarArchive withPax;
        QVERIFY(withPax.add(longName(), 0100644, "x"));
        const QByteArray pax = withPax.finish();
        QTest::newRow("malformed pax record") << [&] {
            QByteArray b = pax;
            b[512] = 'q'; // the record's length digits
            return b;
        }() << QStringLiteral("offset 0|malformed pax record");
        QByteArray orphan = pax.left(1024);
        orphan.append(1024, '\0');
        QTest::newRow("extended header without entry") << orphan << QStringLiteral("offset 0|not followed by an entry");
    }

    void damageIsRefused()
    {
        QFETCH(QByteArray, archive);
        QFETCH(QString, expected);
        auto read = TarArchive::read(archive);
        QVERIFY(!read);
        const QString message = read.error().toString();
        for (const QString &part : expected.split(u'|'))
            QVERIFY2(message.contains(part), qPrintable(message));
    }

    void writerRefusesWhatATreeCannotHold_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<quint32>("mode");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QString() << 0100644u << QByteArray("x") << QStringLiteral("empty");
        QTest::newRow("absolute") << QStringLiteral("/etc/x") << 0100644u << QByteArray("x")
                                  << QStringLiteral("absolute");
        QTest::newRow("dot-dot") << QStringLiteral("a/../b") << 0100644u << QByteArray("x") << QStringLiteral("'..'");
        QTest::newRow("empty component") << QStringLiteral("a//b") << 0100644u << QByteArray("x")
                                         << QStringLiteral("empty component");
        QTest::newRow("trailing slash") << QStringLiteral("a/") << 0100644u << QByteArray("x")
                                        << QStringLiteral("empty component");
        QTest::newRow("group-writable mode")
            << QStringLiteral("a") << 0100664u << QByteArray("x") << QStringLiteral("mode 100664");
        QTest::newRow("symlink without target")
            << QStringLiteral("l") << 0120000u << QByteArray() << QStringLiteral("symlink target");
    }

    void writerRefusesWhatATreeCannotHold()
    {
        QFETCH(QString, path);
        QFETCH(quint32, mode);
        QFETCH(QByteArray, data);
        QFETCH(QString, expected);
        TarArchive tar;
        auto added = tar.add(path, mode, data);
        QVERIFY(!added);
        QVERIFY2(added.error().toString().contains(expected), qPrintable(added.error().toString()));
        QCOMPARE(tar.entryCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTarArchive)
#include "tst_tararchive.moc"
