#pragma once
// The JSON fields of stored issue and CI rows that both the run artefacts
// (ArtefactWriter) and the Agent API answers (Api::jsonmapping) write, spelled once so
// the two cannot drift apart. Each caller adds what only it writes: the API the row's
// owner ids and its times (ISO 8601 UTC or null), the artefacts their own time format
// and the phase of a CI attempt.
#include "store.h"

#include <QJsonObject>

namespace Autopack::Engine {

QJsonObject issueFields(const Issue &issue);
QJsonObject runIssueFields(const RunIssue &issue);
QJsonObject backlogIssueFields(const BacklogIssue &issue); // without last_seen
QJsonObject ciAttemptFields(const CiAttempt &attempt);

} // namespace Autopack::Engine
