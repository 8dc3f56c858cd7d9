#pragma once

// Which files of a commit the reviewer marked as viewed. Behind an interface so the
// review flow can keep it in the store later; QSettings keeps it for now.

#include <QSettings>
#include <QString>

#include <memory>

namespace Autopack::DiffUi {

class ViewedStore
{
public:
    virtual ~ViewedStore();
    virtual bool isViewed(const QString &commit, const QString &path) const = 0;
    virtual void setViewed(const QString &commit, const QString &path, bool viewed) = 0;
};

// Keeps the viewed paths of each commit as one list under "diffViewed/<commit>".
class SettingsViewedStore : public ViewedStore
{
public:
    // An INI file at `fileName`; empty: the application's default settings.
    explicit SettingsViewedStore(const QString &fileName = {});

    bool isViewed(const QString &commit, const QString &path) const override;
    void setViewed(const QString &commit, const QString &path, bool viewed) override;

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace Autopack::DiffUi
