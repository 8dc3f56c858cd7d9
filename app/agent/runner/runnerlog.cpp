#include "runnerlog.h"

#include <QDateTime>
#include <QMutex>

#include <cstdio>

Q_LOGGING_CATEGORY(lcRunner, "autopack.runner")

namespace Autopack::Agent {

namespace {
QMutex &outputMutex()
{
    static QMutex mutex;
    return mutex;
}
} // namespace

RunnerLog::RunnerLog(Sink sink)
    : m_sink(std::move(sink))
{
}

void RunnerLog::line(const QString &where, const QString &text) const
{
    // One line per event: newlines inside an agent's text would break a reader's grep.
    QString flat = text;
    flat.replace(u'\n', u' ').replace(u'\r', u' ');
    if (flat.size() > 300)
        flat = flat.left(297) + QStringLiteral("...");
    const QString out = QStringLiteral("%1 %2 %3")
                            .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")),
                                where.isEmpty() ? QStringLiteral("runner") : where, flat);
    QMutexLocker lock(&outputMutex());
    if (m_sink) {
        m_sink(out);
        return;
    }
    const QByteArray bytes = out.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

} // namespace Autopack::Agent
