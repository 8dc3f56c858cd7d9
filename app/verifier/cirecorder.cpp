#include "cirecorder.h"

namespace Autopack::Ci {

MemoryCiRecorder::Entry &MemoryCiRecorder::at(const CiRequest &request)
{
    Entry &e = m_entries[request.id];
    e.request = request;
    return e;
}

void MemoryCiRecorder::attemptStarted(const CiRequest &request, int attempt)
{
    Entry &e = at(request);
    e.startedAttempts.append(attempt);
    e.calls.append(QStringLiteral("started %1").arg(attempt));
}

void MemoryCiRecorder::outputAppended(const CiRequest &request, int attempt, const QByteArray &chunk)
{
    Entry &e = at(request);
    e.streamed[attempt].append(chunk);
    const QString call = QStringLiteral("output %1").arg(attempt);
    if (e.calls.isEmpty() || e.calls.last() != call) // one line per run of chunks
        e.calls.append(call);
}

void MemoryCiRecorder::attemptFinished(const CiRequest &request, const CiAttempt &attempt)
{
    Entry &e = at(request);
    e.finishedAttempts.append(attempt);
    e.calls.append(QStringLiteral("finished %1").arg(attempt.number));
}

void MemoryCiRecorder::issueRecorded(const CiRequest &request, const CiIssue &issue)
{
    Entry &e = at(request);
    e.issues.append(issue);
    e.calls.append(QStringLiteral("issue %1").arg(toString(issue.kind)));
}

void MemoryCiRecorder::runFinished(const CiRequest &request, const CiResult &result)
{
    Entry &e = at(request);
    e.result = result;
    e.calls.append(QStringLiteral("run %1").arg(toString(result.verdict)));
}

const MemoryCiRecorder::Entry &MemoryCiRecorder::entry(RequestId id) const
{
    static const Entry empty;
    auto it = m_entries.constFind(id);
    return it == m_entries.constEnd() ? empty : *it;
}

} // namespace Autopack::Ci
