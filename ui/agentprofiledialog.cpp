#include "agentprofiledialog.h"

#include "agentadapter.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace Autopack::Ui {

AgentProfileDialog::AgentProfileDialog(const AgentProfile &profile, const QStringList &takenNames, QWidget *parent)
    : QDialog(parent)
    , m_taken(takenNames)
    , m_name(new QLineEdit(profile.name, this))
    , m_role(new QComboBox(this))
    , m_adapter(new QComboBox(this))
    , m_command(new QLineEdit(profile.command, this))
    , m_parallel(new QSpinBox(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("agentProfileDialog"));
    setWindowTitle(profile.name.isEmpty() ? tr("Add agent profile") : tr("Edit agent profile %1").arg(profile.name));
    m_name->setObjectName(QStringLiteral("profileName"));
    m_name->setPlaceholderText(tr("e.g. claude-builder"));
    m_role->setObjectName(QStringLiteral("profileRole"));
    m_role->addItem(tr("Builder: writes the phases' candidates"), QStringLiteral("builder"));
    m_role->addItem(tr("Auditor: reviews candidates"), QStringLiteral("auditor"));
    m_role->setCurrentIndex(std::max(0, m_role->findData(profile.role)));
    m_adapter->setObjectName(QStringLiteral("profileAdapter"));
    // The runner's own list, so the dialog never offers what `autopack agent` refuses.
    for (const QString &name : Agent::AgentAdapter::names())
        m_adapter->addItem(name, name);
    m_adapter->setCurrentIndex(std::max(0, m_adapter->findData(profile.adapter)));
    m_command->setObjectName(QStringLiteral("profileCommand"));
    m_command->setPlaceholderText(tr("the adapter's default; the command adapter needs one"));
    m_command->setToolTip(tr("Program and arguments, quoted as in a shell. The prompt is on stdin and in "
                             "$AUTOPACK_PROMPT_FILE."));
    m_parallel->setObjectName(QStringLiteral("profileParallel"));
    m_parallel->setRange(1, AgentProfile::kMaxParallel);
    m_parallel->setValue(profile.parallel);
    m_parallel->setToolTip(tr("Phases of different runs worked on at once"));
    m_problem->setObjectName(QStringLiteral("profileProblem"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Role:"), m_role);
    form->addRow(tr("&Adapter:"), m_adapter);
    form->addRow(tr("&Command:"), m_command);
    form->addRow(tr("&Parallel:"), m_parallel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &AgentProfileDialog::validate);
    validate();
    resize(std::max(sizeHint().width(), 480), sizeHint().height());
}

AgentProfile AgentProfileDialog::profile() const
{
    AgentProfile p;
    p.name = m_name->text().trimmed();
    p.role = m_role->currentData().toString();
    p.adapter = m_adapter->currentData().toString();
    p.command = m_command->text().trimmed();
    p.parallel = m_parallel->value();
    return p;
}

void AgentProfileDialog::validate()
{
    const QString name = m_name->text().trimmed();
    QString problem;
    if (name.isEmpty())
        problem = tr("A profile needs a name.");
    else if (m_taken.contains(name))
        problem = tr("A profile named %1 exists already.").arg(name);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace Autopack::Ui
