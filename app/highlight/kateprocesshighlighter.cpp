#include "kateprocesshighlighter.h"

#include "katehtmlparser.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

namespace Autopack::Highlight {

struct KateProcessHighlighter::Job {
    QPointer<HighlightReply> reply;
    QString fileName;
    QStringList lines;
    ThemeKind theme = ThemeKind::Light;
    QByteArray cacheKey;
    std::unique_ptr<QTemporaryDir> scratch;
    QProcess *process = nullptr; // child of the highlighter, deleted when the job ends
    QTimer *timer = nullptr; // started at request time: the deadline covers the theme list too
    bool done = false;
};

namespace {

QByteArray cacheKeyFor(const QString &fileName, const QStringList &lines, ThemeKind theme)
{
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(fileName.toUtf8());
    hash.addData(theme == ThemeKind::Dark ? QByteArrayView("\0D", 2) : QByteArrayView("\0L", 2));
    for (const QString &line : lines) {
        hash.addData(QByteArrayView(reinterpret_cast<const char *>(line.constData()), line.size() * 2));
        hash.addData(QByteArrayView("\n", 1));
    }
    return hash.result();
}

} // namespace

KateProcessHighlighter::KateProcessHighlighter(QObject *parent)
    : KateProcessHighlighter(Options {}, parent)
{
}

KateProcessHighlighter::KateProcessHighlighter(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
}

KateProcessHighlighter::~KateProcessHighlighter()
{
    // Children (processes, timers) go with us; QProcess's destructor kills its process.
}

QStringList KateProcessHighlighter::preferredThemes(ThemeKind kind)
{
    if (kind == ThemeKind::Dark)
        return { QStringLiteral("Breeze Dark"), QStringLiteral("GitHub Dark"), QStringLiteral("Atom One Dark") };
    return { QStringLiteral("Breeze Light"), QStringLiteral("GitHub Light"), QStringLiteral("Atom One Light") };
}

QString KateProcessHighlighter::themeFor(ThemeKind kind) const
{
    for (const QString &name : preferredThemes(kind)) {
        if (m_themes.contains(name))
            return name;
    }
    return {};
}

HighlightReply *KateProcessHighlighter::request(const QString &fileName, const QStringList &lines, ThemeKind theme)
{
    auto *reply = new HighlightReply;
    const QByteArray key = cacheKeyFor(fileName, lines, theme);
    if (const auto cached = m_cache.constFind(key); cached != m_cache.cend()) {
        // Still asynchronous, as the interface promises.
        const LineFormats formats = *cached;
        QTimer::singleShot(0, reply, [reply, formats] { reply->finish(formats); });
        return reply;
    }

    auto job = std::make_shared<Job>();
    job->reply = reply;
    job->fileName = fileName;
    job->lines = lines;
    job->theme = theme;
    job->cacheKey = key;
    job->timer = new QTimer(this);
    job->timer->setSingleShot(true);
    connect(job->timer, &QTimer::timeout, this, [this, job] {
        qCWarning(lcHighlight) << "highlighting" << job->fileName << "timed out";
        complete(job,
            std::unexpected(HighlightError { tr("highlighting %1: %2 did not answer within %3 ms")
                                                 .arg(job->fileName, m_options.program)
                                                 .arg(m_options.timeoutMs) }));
    });
    connect(reply, &HighlightReply::cancelRequested, this, [this, job] {
        complete(job, std::unexpected(HighlightError { tr("highlighting %1: cancelled").arg(job->fileName) }));
    });
    job->timer->start(m_options.timeoutMs);

    switch (m_themeState) {
    case ThemeState::Known:
        start(job);
        break;
    case ThemeState::Listing:
        m_waitingForThemes.append(job);
        break;
    case ThemeState::Unknown:
        m_waitingForThemes.append(job);
        listThemes();
        break;
    }
    return reply;
}

void KateProcessHighlighter::listThemes()
{
    m_themeState = ThemeState::Listing;
    auto *process = new QProcess(this);
    auto *timer = new QTimer(process);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, process] {
        stopProcess(process);
        themesListed(std::unexpected(HighlightError {
            tr("%1 --list-themes did not answer within %2 ms").arg(m_options.program).arg(m_options.timeoutMs) }));
    });
    connect(process, &QProcess::finished, this, [this, process](int code, QProcess::ExitStatus status) {
        process->disconnect(this);
        process->deleteLater();
        if (status != QProcess::NormalExit || code != 0) {
            themesListed(std::unexpected(
                HighlightError { tr("%1 --list-themes failed (exit code %2): %3")
                                     .arg(m_options.program)
                                     .arg(code)
                                     .arg(QString::fromLocal8Bit(process->readAllStandardError()).trimmed()) }));
            return;
        }
        QStringList themes;
        for (const QByteArray &line : process->readAllStandardOutput().split('\n')) {
            if (!line.trimmed().isEmpty())
                themes.append(QString::fromUtf8(line.trimmed()));
        }
        themesListed(themes);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return; // crashes and exits arrive through finished()
        process->disconnect(this);
        process->deleteLater();
        themesListed(std::unexpected(
            HighlightError { tr("cannot start %1: %2").arg(m_options.program, process->errorString()) }));
    });
    timer->start(m_options.timeoutMs);
    process->start(m_options.program, { QStringLiteral("--list-themes") });
}

void KateProcessHighlighter::themesListed(const std::expected<QStringList, HighlightError> &themes)
{
    const QList<std::shared_ptr<Job>> waiting = std::exchange(m_waitingForThemes, {});
    if (!themes) {
        // Ask again on the next request: the program may be installed meanwhile.
        m_themeState = ThemeState::Unknown;
        for (const auto &job : waiting)
            complete(job,
                std::unexpected(
                    HighlightError { tr("highlighting %1: %2").arg(job->fileName, themes.error().message) }));
        return;
    }
    m_themes = *themes;
    m_themeState = ThemeState::Known;
    for (const auto &job : waiting)
        start(job);
}

void KateProcessHighlighter::start(const std::shared_ptr<Job> &job)
{
    if (job->done)
        return;
    const QString theme = themeFor(job->theme);
    if (theme.isEmpty()) {
        complete(job,
            std::unexpected(HighlightError {
                tr("highlighting %1: none of the themes %2 is installed (%3 --list-themes)")
                    .arg(job->fileName, preferredThemes(job->theme).join(QLatin1String(", ")), m_options.program) }));
        return;
    }
    job->scratch = std::make_unique<QTemporaryDir>();
    QString baseName = QFileInfo(job->fileName).fileName();
    if (baseName.isEmpty())
        baseName = QStringLiteral("file");
    const QString path = job->scratch->filePath(baseName);
    QFile file(path);
    if (!job->scratch->isValid() || !file.open(QIODevice::WriteOnly)) {
        complete(job,
            std::unexpected(HighlightError { tr("highlighting %1: cannot write the scratch file %2: %3")
                                                 .arg(job->fileName, path, file.errorString()) }));
        return;
    }
    for (const QString &line : std::as_const(job->lines)) {
        file.write(line.toUtf8());
        file.write("\n", 1);
    }
    file.close();

    job->process = new QProcess(this);
    QProcess *process = job->process;
    connect(process, &QProcess::finished, this, [this, job, process](int code, QProcess::ExitStatus status) {
        if (job->done)
            return;
        const QByteArray out = process->readAllStandardOutput();
        const QByteArray err = process->readAllStandardError().trimmed();
        if (status == QProcess::NormalExit && code == 1 && out.isEmpty()
            && (err.isEmpty() || err == "Unknown syntax.")) {
            // The front end has no definition for this file name (it says so with
            // exit code 1 and this message): plain text, not a failure.
            complete(job, LineFormats(job->lines.size()));
            return;
        }
        if (status != QProcess::NormalExit || code != 0) {
            complete(job,
                std::unexpected(HighlightError { tr("highlighting %1: %2 failed (exit code %3): %4")
                                                     .arg(job->fileName, m_options.program)
                                                     .arg(code)
                                                     .arg(QString::fromLocal8Bit(err)) }));
            return;
        }
        auto parsed = KateHtmlParser::parse(out);
        if (!parsed) {
            complete(job,
                std::unexpected(
                    HighlightError { tr("highlighting %1: %2").arg(job->fileName, parsed.error().message) }));
            return;
        }
        // One entry per requested line, whatever the front end did with the last one.
        parsed->resize(job->lines.size());
        complete(job, *parsed);
    });
    connect(process, &QProcess::errorOccurred, this, [this, job, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        complete(job,
            std::unexpected(HighlightError { tr("highlighting %1: cannot start %2: %3")
                                                 .arg(job->fileName, m_options.program, process->errorString()) }));
    });
    ++m_processesStarted;
    process->start(
        m_options.program, { QStringLiteral("-t"), theme, QStringLiteral("-f"), QStringLiteral("html"), path });
}

void KateProcessHighlighter::stopProcess(QProcess *process)
{
    process->disconnect(this);
    if (process->state() == QProcess::NotRunning) {
        process->deleteLater();
        return;
    }
    // Deleted once reaped, so neither a zombie nor QProcess's "destroyed while
    // running" wait is left behind; if we go first, its destructor reaps it.
    connect(process, &QProcess::finished, process, &QObject::deleteLater);
    process->kill();
}

void KateProcessHighlighter::complete(const std::shared_ptr<Job> &job, HighlightResult result)
{
    if (job->done)
        return;
    job->done = true;
    m_waitingForThemes.removeAll(job);
    if (job->timer) {
        job->timer->stop();
        job->timer->deleteLater();
        job->timer = nullptr;
    }
    if (job->process)
        stopProcess(std::exchange(job->process, nullptr));
    job->scratch.reset();
    if (result) {
        if (!m_cache.contains(job->cacheKey)) {
            m_cacheOrder.append(job->cacheKey);
            while (m_cacheOrder.size() > m_options.cacheEntries)
                m_cache.remove(m_cacheOrder.takeFirst());
        }
        m_cache.insert(job->cacheKey, *result);
    }
    if (job->reply)
        job->reply->finish(std::move(result));
}

} // namespace Autopack::Highlight
