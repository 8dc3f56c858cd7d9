#pragma once

// A TreeSource over the engine's API (GET /runs/{run}/tree/{commit}[?since={commit}],
// POST /runs/{run}/archive/{commit}), so a runner on another machine than the engine's
// prepares its workspace without access to the repository.

#include "treesource.h"

namespace Autopack::Agent {

class ApiClient;

class ApiTreeSource : public TreeSource
{
public:
    // `client` must outlive this object; `runId` is the run whose repository is read.
    ApiTreeSource(ApiClient &client, QString runId);
    std::expected<TreeListing, QString> listing(const QString &commit) override;
    std::expected<TreeChanges, QString> changes(const QString &since, const QString &commit) override;
    std::expected<QHash<QString, QByteArray>, QString> files(const QString &commit, const QStringList &paths) override;

private:
    ApiClient &m_client;
    QString m_runId;
};

} // namespace Autopack::Agent
