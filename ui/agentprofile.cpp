#include "agentprofile.h"

#include <QSettings>

#include <algorithm>

namespace Autopack::Ui {

namespace {

const QString kGroup = QStringLiteral("agentProfiles");

} // namespace

QStringList AgentProfile::arguments(const QString &url) const
{
    QStringList args { QStringLiteral("agent"), QStringLiteral("--role"), role, QStringLiteral("--adapter"), adapter };
    if (!command.trimmed().isEmpty())
        args << QStringLiteral("--command") << command.trimmed();
    args << QStringLiteral("--parallel") << QString::number(parallel) << QStringLiteral("--url") << url;
    return args;
}

QList<AgentProfile> AgentProfile::load(QSettings &settings)
{
    QList<AgentProfile> profiles;
    const int size = settings.beginReadArray(kGroup);
    for (int i = 0; i < size; ++i) {
        settings.setArrayIndex(i);
        AgentProfile p;
        p.name = settings.value(QStringLiteral("name")).toString();
        p.role = settings.value(QStringLiteral("role"), p.role).toString();
        p.adapter = settings.value(QStringLiteral("adapter"), p.adapter).toString();
        p.command = settings.value(QStringLiteral("command")).toString();
        p.parallel = std::clamp(settings.value(QStringLiteral("parallel"), 1).toInt(), 1, kMaxParallel);
        if (!p.name.isEmpty())
            profiles << p;
    }
    settings.endArray();
    return profiles;
}

void AgentProfile::save(QSettings &settings, const QList<AgentProfile> &profiles)
{
    settings.remove(kGroup); // a shorter list leaves no stale entries behind
    settings.beginWriteArray(kGroup, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        settings.setArrayIndex(i);
        const AgentProfile &p = profiles.at(i);
        settings.setValue(QStringLiteral("name"), p.name);
        settings.setValue(QStringLiteral("role"), p.role);
        settings.setValue(QStringLiteral("adapter"), p.adapter);
        settings.setValue(QStringLiteral("command"), p.command);
        settings.setValue(QStringLiteral("parallel"), p.parallel);
    }
    settings.endArray();
}

} // namespace Autopack::Ui
