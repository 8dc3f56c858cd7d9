#pragma once

// What `autopack agent` was told (SPEC §11, §12), checked: the runner itself never
// reads the command line or the environment.

#include <QString>
#include <QStringList>
#include <QUrl>

namespace Autopack::Agent {

struct RunnerOptions {
    QString role; // builder | auditor
    QString adapter; // claude | codex | gemini | opencode | aider | command
    QStringList command; // --command split into program and arguments; empty: the adapter's own
    QUrl url;
    QString token;
    int parallel = 1;
    bool once = false;
    QString workdir; // workspaces live in <workdir>/<role>/<run>
    int timeoutMinutes = 60; // the agent's wall time per phase
    int stallTimeoutSeconds = 600; // no output for this long: the agent is stopped
    // Timings the tests shorten; users have no reason to.
    int heartbeatMs = 2000; // a lost lease stops the agent within this (plus its kill grace)
    int claimWaitMs = 30000; // --once: how long to wait for work
    int pollMs = 2000; // how often to ask for work when there was none
    int backoffMs = 30000; // first wait after a rate limit; doubled each time, at most 16×
};

} // namespace Autopack::Agent
