#pragma once

// A local agent runner the window can start (issue 13): which role it claims, which
// adapter drives which CLI, how many phases at once. Kept in QSettings, group
// "agentProfiles", as an array in the order the user made them.

#include <QList>
#include <QString>
#include <QStringList>

class QSettings;

namespace Autopack::Ui {

struct AgentProfile {
    static constexpr int kMaxParallel = 8;

    QString name; // unique among the profiles
    QString role = QStringLiteral("builder"); // builder | auditor
    QString adapter = QStringLiteral("claude"); // one of Agent::AgentAdapter::names()
    QString command; // --command, split like a shell would; empty: the adapter's default
    int parallel = 1; // 1..kMaxParallel

    // `autopack agent ...` for this profile against the engine at `url`; the token goes
    // in the environment, never on the command line where `ps` shows it.
    QStringList arguments(const QString &url) const;

    static QList<AgentProfile> load(QSettings &settings);
    static void save(QSettings &settings, const QList<AgentProfile> &profiles);

    friend bool operator==(const AgentProfile &, const AgentProfile &) = default;
};

} // namespace Autopack::Ui
