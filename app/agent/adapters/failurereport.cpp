#include "failurereport.h"

namespace Autopack::Agent {

void FailureReport::clear()
{
    error.clear();
    rateLimit.reset();
}

void FailureReport::fillIn(AgentOutcome &outcome) const
{
    outcome.error = error;
    if (rateLimit) {
        outcome.rateLimited = true;
        outcome.rateLimitDetail = *rateLimit;
    }
}

} // namespace Autopack::Agent
