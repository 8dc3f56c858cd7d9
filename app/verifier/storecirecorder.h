#pragma once

// Writes what the Verifier reports through the Store (SPEC §7): one ci_attempts row
// per attempt (startCiAttempt, which also charges the tier's and run's ci_runs_used),
// the attempt's output appended while it runs, its end state, the issues of the
// verdict recorded at phase, run and project level, and a notice (no CI command) as
// an event of the phase.
//
// Output is batched: chunks are appended when `flushBytes` have gathered or
// `flushIntervalMs` after the first unsent chunk, and always before the attempt is
// finished, so what the store holds is the Verifier's bounded output exactly (bytes
// decoded as UTF-8 across chunk borders) and readers see it grow while CI runs.
// A refused write is logged and reported by storeFailed(); the CI run goes on, and an
// attempt whose row could not be inserted writes nothing more.

#include "cirecorder.h"

#include <QObject>
#include <QStringDecoder>
#include <QTimer>

#include <map>
#include <memory>
#include <optional>

namespace Autopack {
class Store;
}

namespace Autopack::Ci {

class StoreCiRecorder : public QObject, public CiRecorder
{
    Q_OBJECT
public:
    // `store` must outlive the recorder.
    explicit StoreCiRecorder(Store *store, QObject *parent = nullptr);
    ~StoreCiRecorder() override;

    void setFlushInterval(int ms) { m_flush.setInterval(ms); }
    void setFlushBytes(qsizetype bytes) { m_flushBytes = bytes; }

    void attemptStarted(const CiRequest &request, int attempt) override;
    void outputAppended(const CiRequest &request, int attempt, const QByteArray &chunk) override;
    void attemptFinished(const CiRequest &request, const CiAttempt &attempt) override;
    void issueRecorded(const CiRequest &request, const CiIssue &issue) override;
    void runFinished(const CiRequest &request, const CiResult &result) override;

    // The ci_attempts row of a request's attempt, while the request is going.
    std::optional<qint64> attemptRowId(RequestId id, int attempt) const;

Q_SIGNALS:
    void storeFailed(const QString &message);

private:
    struct Open {
        qint64 rowId = 0;
        QStringDecoder decoder { QStringDecoder::Utf8 };
        QString pending;
    };
    using Key = std::pair<RequestId, int>;

    void flush(Open &open);
    void flushAll();
    void failed(const QString &what, const QString &why);

    Store *m_store;
    std::map<Key, std::unique_ptr<Open>> m_open;
    std::map<RequestId, qint64> m_lastRow; // for the issues' evidence reference
    std::map<std::pair<QString, QString>, int> m_phaseAttempts; // (run, phase) -> last attempt number
    QTimer m_flush;
    qsizetype m_flushBytes = 64 * 1024;
};

} // namespace Autopack::Ci
