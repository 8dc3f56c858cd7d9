#pragma once

// What a CLI's output has reported against the attempt so far, kept by the adapters that
// read it from the stream (the JSON-line adapters and aider) until finish().

#include "agentadapter.h"

#include <QString>

#include <optional>

namespace Autopack::Agent {

struct FailureReport {
    QString error; // the CLI's own latest error report, shortened to AgentAdapter::MaxEventText
    // The latest rate-limit signal not yet followed by work that went through.
    std::optional<QString> rateLimit;

    // Later work went through: what came before was retried past or was not fatal.
    void clear();
    // outcome.error, and rateLimited with its detail while a signal stands.
    void fillIn(AgentOutcome &outcome) const;
};

} // namespace Autopack::Agent
