#pragma once

// Where the Verifier reports what happens, as it happens. The store adapter writes
// these through the Store (ci_attempts rows, streamed output, issues); tests use
// MemoryCiRecorder. All calls come from the Verifier's thread, in this order per
// request: { attemptStarted, outputAppended*, attemptFinished }*, issueRecorded*,
// runFinished. A request with no CI command or cancelled while queued gets only
// runFinished.

#include "ciresult.h"

#include <QHash>
#include <QList>

namespace Autopack::Ci {

class CiRecorder
{
public:
    virtual ~CiRecorder() = default;
    virtual void attemptStarted(const CiRequest &request, int attempt) = 0;
    // `chunk` is the next piece of the attempt's bounded output (possibly the cut
    // marker followed by the kept tail, at the end).
    virtual void outputAppended(const CiRequest &request, int attempt, const QByteArray &chunk) = 0;
    virtual void attemptFinished(const CiRequest &request, const CiAttempt &attempt) = 0;
    virtual void issueRecorded(const CiRequest &request, const CiIssue &issue) = 0;
    virtual void runFinished(const CiRequest &request, const CiResult &result) = 0;
};

// Keeps everything in memory, per request id. For tests and for a headless dry run.
class MemoryCiRecorder : public CiRecorder
{
public:
    struct Entry {
        CiRequest request;
        QList<int> startedAttempts;
        QHash<int, QByteArray> streamed; // attempt -> concatenated chunks
        QList<CiAttempt> finishedAttempts;
        QList<CiIssue> issues;
        std::optional<CiResult> result;
        QList<QString> calls; // "started 1", "output 1", "finished 1", "issue ci", "run green"
    };

    void attemptStarted(const CiRequest &request, int attempt) override;
    void outputAppended(const CiRequest &request, int attempt, const QByteArray &chunk) override;
    void attemptFinished(const CiRequest &request, const CiAttempt &attempt) override;
    void issueRecorded(const CiRequest &request, const CiIssue &issue) override;
    void runFinished(const CiRequest &request, const CiResult &result) override;

    const Entry &entry(RequestId id) const; // an empty entry for an unknown id
    bool contains(RequestId id) const { return m_entries.contains(id); }

private:
    Entry &at(const CiRequest &request);
    QHash<RequestId, Entry> m_entries;
};

} // namespace Autopack::Ci
