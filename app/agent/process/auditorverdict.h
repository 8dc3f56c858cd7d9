#pragma once

// An auditor agent's verdict (SPEC §12): one JSON object in its final message, optionally
// in a ```json fence: recommendation (approve|revise|escalate), confidence (0..1),
// review_notes, issues_found[] (issue fields; evidence_refs as "path:line"),
// suggested_patches[]. Parsed and validated into the auditor_result body.

#include <QJsonObject>
#include <QString>

#include <expected>

namespace Autopack::Agent {

struct AuditorVerdict {
    QJsonObject body; // recommendation, confidence, review_notes, issues_found, suggested_patches
    // The verdict from the agent's final text; an error names what is missing or wrong
    // ("issues_found[1].severity: expected minor or major").
    static std::expected<AuditorVerdict, QString> parse(const QString &finalMessage);
    static QString schemaText(); // the schema as told to the agent in its prompt
};

} // namespace Autopack::Agent
