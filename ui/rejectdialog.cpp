#include "rejectdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Autopack::Ui {

RejectDialog::RejectDialog(const QString &phaseId, QWidget *parent)
    : QDialog(parent)
    , m_reason(new QPlainTextEdit(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("rejectDialog"));
    setWindowTitle(tr("Reject phase %1").arg(phaseId));
    auto *layout = new QVBoxLayout(this);
    auto *label = new QLabel(
        tr("Why is phase %1 rejected? The builder receives this reason with its next attempt.").arg(phaseId), this);
    label->setWordWrap(true);
    label->setBuddy(m_reason);
    layout->addWidget(label);
    m_reason->setObjectName(QStringLiteral("reasonEdit"));
    m_reason->setPlaceholderText(tr("Reason (required)"));
    m_reason->setTabChangesFocus(true);
    layout->addWidget(m_reason);
    QPushButton *ok = m_buttons->button(QDialogButtonBox::Ok);
    ok->setText(tr("&Reject"));
    ok->setEnabled(false);
    ok->setToolTip(tr("Type a reason first."));
    layout->addWidget(m_buttons);
    connect(m_reason, &QPlainTextEdit::textChanged, this, [this, ok] {
        const bool given = !reason().isEmpty();
        ok->setEnabled(given);
        ok->setToolTip(given ? QString() : tr("Type a reason first."));
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!reason().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(420, 220);
}

QString RejectDialog::reason() const { return m_reason->toPlainText().trimmed(); }

} // namespace Autopack::Ui
