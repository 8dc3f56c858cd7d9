#pragma once

// The playbook's artefacts of one run (SPEC §9), written from the store, which stays the
// source of truth: RUN_SUMMARY.md, tiers/<tier_id>.md, phases/<phase_id>.md with
// phases/<phase_id>_issues.json, run_issue_index.json, project_issue_backlog.json and
// strategy.json; for a run ended in DONE_FAILED_* also incident/ with SUMMARY.md, the
// event log, the last patches received per phase, the CI output and the issues.
//
// Every file is written through QSaveFile, so a reader never sees a half-written one;
// writing again replaces them all with the current figures.

#include "store.h"

#include <QString>

#include <expected>

namespace Autopack::Engine {

class ArtefactWriter
{
public:
    // `runDirectory` is <data dir>/runs/<run_id>; patches the supervisor saved under its
    // patches/ folder are copied into the incident pack.
    ArtefactWriter(const Store &store, QString runDirectory);

    // Returns the run directory, or what could not be read or written.
    std::expected<QString, QString> write(const QString &runId) const;

private:
    const Store &m_store;
    QString m_dir;
};

} // namespace Autopack::Engine
