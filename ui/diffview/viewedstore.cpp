#include "viewedstore.h"

namespace Autopack::DiffUi {

namespace {
QString keyFor(const QString &commit)
{
    // A commit id has no '/', but a ref name might: keep the key one level deep.
    return QStringLiteral("diffViewed/") + QString(commit).replace(u'/', u'_');
}
} // namespace

ViewedStore::~ViewedStore() = default;

SettingsViewedStore::SettingsViewedStore(const QString &fileName)
    : m_settings(fileName.isEmpty() ? std::make_unique<QSettings>()
                                    : std::make_unique<QSettings>(fileName, QSettings::IniFormat))
{
}

bool SettingsViewedStore::isViewed(const QString &commit, const QString &path) const
{
    return m_settings->value(keyFor(commit)).toStringList().contains(path);
}

void SettingsViewedStore::setViewed(const QString &commit, const QString &path, bool viewed)
{
    QStringList paths = m_settings->value(keyFor(commit)).toStringList();
    if (viewed == paths.contains(path))
        return;
    if (viewed)
        paths.append(path);
    else
        paths.removeAll(path);
    if (paths.isEmpty())
        m_settings->remove(keyFor(commit));
    else
        m_settings->setValue(keyFor(commit), paths);
    m_settings->sync();
}

} // namespace Autopack::DiffUi
