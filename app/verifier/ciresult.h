#pragma once

// What the Verifier is asked (CiRequest) and what it answers (CiAttempt, CiResult,
// CiIssue). Plain values: the engine, the store adapter, the API and the UI read them.

#include "ciconfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace Autopack::Ci {

using RequestId = quint64;

struct CiRequest {
    RequestId id = 0; // given by Verifier::enqueue
    qint64 projectId = 0; // the concurrency limit is per project
    QString repoPath; // the project's repository (read only: never its working tree)
    QString runId;
    QString tierId;
    QString phaseId;
    QString candidateCommit; // full sha of the commit to verify
    Profile profile = Profile::Normal;
    CiConfig config;
};

enum class AttemptOutcome {
    Passed, // every command exited 0
    Failed, // a command exited non-zero or was killed by a signal: red
    TimedOut, // a command ran past its timeout; its process group was killed: red
    Environment, // scratch directory, checkout or process start failed: not a test result
    Cancelled,
};
QString toString(AttemptOutcome o); // passed | failed | timed_out | environment | cancelled

struct CiAttempt {
    int number = 0; // 1-based
    AttemptOutcome outcome = AttemptOutcome::Passed;
    int exitCode = -1; // of the last command run; -1 when none exited normally
    QString command; // name of the command that decided the outcome (last run)
    QString message; // why, for anything but Passed
    QDateTime startedAt; // UTC
    qint64 durationMs = 0; // checkout + commands
    QByteArray output; // merged stdout+stderr of all commands, bounded (see BoundedOutput)
    qint64 outputBytes = 0; // produced in total, before bounding
    qint64 cutBytes = 0;
};

enum class Verdict {
    Green, // an attempt passed (also when an earlier one failed: flaky), or no command
    Red, // no attempt passed and at least one failed or timed out
    Environment, // no attempt passed and none ran to a test result
    Cancelled,
};
QString toString(Verdict v); // green | red | environment | cancelled

enum class IssueKind { FlakyTest, Ci, Environment };
QString toString(IssueKind k); // flaky_test | ci | environment

struct CiIssue {
    IssueKind kind = IssueKind::Ci;
    QString severity; // SPEC names: "minor" (flaky_test) | "major"
    QString issueKey; // stable across runs, so aging in the backlog works
    QString description;
    QString evidence; // tail of the failing output, or the environment error
};

struct CiResult {
    RequestId requestId = 0;
    Verdict verdict = Verdict::Green;
    bool flaky = false; // green after a red attempt
    QString notice; // e.g. no CI command configured: passed without running anything
    QString message; // one line for humans
    QList<CiAttempt> attempts;
    QList<CiIssue> issues; // as recorded
};

} // namespace Autopack::Ci

Q_DECLARE_METATYPE(Autopack::Ci::CiRequest)
Q_DECLARE_METATYPE(Autopack::Ci::CiAttempt)
Q_DECLARE_METATYPE(Autopack::Ci::CiResult)
