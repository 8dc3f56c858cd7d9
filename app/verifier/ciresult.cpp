#include "ciresult.h"

namespace Autopack::Ci {

QString toString(AttemptOutcome o)
{
    switch (o) {
    case AttemptOutcome::Passed:
        return QStringLiteral("passed");
    case AttemptOutcome::Failed:
        return QStringLiteral("failed");
    case AttemptOutcome::TimedOut:
        return QStringLiteral("timed_out");
    case AttemptOutcome::Environment:
        return QStringLiteral("environment");
    case AttemptOutcome::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

QString toString(Verdict v)
{
    switch (v) {
    case Verdict::Green:
        return QStringLiteral("green");
    case Verdict::Red:
        return QStringLiteral("red");
    case Verdict::Environment:
        return QStringLiteral("environment");
    case Verdict::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

QString toString(IssueKind k)
{
    switch (k) {
    case IssueKind::FlakyTest:
        return QStringLiteral("flaky_test");
    case IssueKind::Ci:
        return QStringLiteral("ci");
    case IssueKind::Environment:
        return QStringLiteral("environment");
    }
    return {};
}

} // namespace Autopack::Ci
