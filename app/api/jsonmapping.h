#pragma once
// The JSON shapes of the Agent API answers (SPEC §8 "What existing agents read"):
// one function per domain value, so every route spells a field the same way and the
// names existing agents depend on live in one file. Times are ISO 8601 UTC, or null
// when unset.
#include "httpmessage.h"
#include "store.h"
#include "supervisorerror.h"
#include <QJsonArray>
#include <QJsonObject>

namespace Autopack::Api {

QJsonObject tierJson(const Tier &tier, const QList<Phase> &phases); // with its phases[] in index order
QJsonObject phaseSummaryJson(const Phase &phase); // as inside a run's tiers[].phases[]
QJsonObject phaseDetailJson(const Phase &phase); // every stored field of the phase
// The run as POST /runs/start and GET /runs/{run_id} answer it: tiers and phases in index order.
QJsonObject runJson(const Run &run, const QList<Tier> &tiers, const QList<Phase> &phases);
QJsonObject runJson(const CreatedRun &created);
QJsonObject eventJson(const Event &event);
QJsonObject issueJson(const Issue &issue);
QJsonObject runIssueJson(const RunIssue &issue);
QJsonObject backlogIssueJson(const BacklogIssue &issue);
QJsonObject leaseJson(const Lease &lease);
QJsonObject reviewJson(const Review &review);
QJsonObject ciAttemptJson(const CiAttempt &attempt);

// A refusal of the Supervisor as SPEC §8's error body: the kind picks the status;
// 400 names the field, 409 states the current state.
HttpResponse supervisorErrorResponse(const Engine::SupervisorError &error);

} // namespace Autopack::Api
