#pragma once

// Adds or edits one agent profile: name, role, adapter, optional command, parallel.
// OK stays disabled, with the reason beside it, while the name is empty or taken.

#include "agentprofile.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace Autopack::Ui {

class AgentProfileDialog : public QDialog
{
    Q_OBJECT
public:
    // `takenNames`: the other profiles' names (not the edited one's).
    AgentProfileDialog(const AgentProfile &profile, const QStringList &takenNames, QWidget *parent = nullptr);

    AgentProfile profile() const;

    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *roleCombo() const { return m_role; }
    QComboBox *adapterCombo() const { return m_adapter; }
    QLineEdit *commandEdit() const { return m_command; }
    QSpinBox *parallelSpin() const { return m_parallel; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void validate();

    QStringList m_taken;
    QLineEdit *m_name;
    QComboBox *m_role;
    QComboBox *m_adapter;
    QLineEdit *m_command;
    QSpinBox *m_parallel;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace Autopack::Ui
