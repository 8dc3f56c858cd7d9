#pragma once

// Creating a run from the window ("New run…"), behind one interface as ReviewerActions
// is, so the dialog neither knows nor cares which object carries it out. The app
// implements it with the engine's Supervisor (SupervisorRunCreator), which freezes the
// strategy, creates the integration branch and writes the run; the dialog's preview
// is only advisory and the Supervisor may still refuse.

#include <QJsonObject>
#include <QString>

#include <expected>

namespace Autopack::Ui {

class RunCreator
{
public:
    virtual ~RunCreator() = default;

    // `plan` is the POST /runs/start body. Returns the created run's run_id, or what
    // was wrong (naming the field where the plan was at fault).
    virtual std::expected<QString, QString> createRun(const QJsonObject &plan, qint64 projectId) = 0;
};

} // namespace Autopack::Ui
