#pragma once

// Asks for the reason of a rejection; OK stays disabled until a reason is typed,
// because a rejection without a reason teaches the builder nothing.

#include <QDialog>

class QDialogButtonBox;
class QPlainTextEdit;

namespace Autopack::Ui {

class RejectDialog : public QDialog
{
    Q_OBJECT
public:
    RejectDialog(const QString &phaseId, QWidget *parent = nullptr);

    QString reason() const; // trimmed
    QPlainTextEdit *reasonEdit() const { return m_reason; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    QPlainTextEdit *m_reason;
    QDialogButtonBox *m_buttons;
};

} // namespace Autopack::Ui
