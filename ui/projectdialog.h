#pragma once

// "Add project…" and "Edit project…" (issue 8): a git repository directory, its base
// branch, and the project's ruleset and CI commands as JSON. Checked as the user types
// and again on OK, through the same code the engine uses: Git::probeRepository (a
// repository, a base branch that exists; empty branch: the HEAD branch), Ruleset and
// CiConfig parsing (an error names the JSON path). OK stays disabled while anything is
// wrong; a valid project is written with Store::addProject / updateProject, and a
// refusal by the store (a duplicate name or path) is shown, leaving the stored
// project as it was.

#include "domain.h"

#include <QDialog>

#include <expected>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace Autopack {
class Store;
}

namespace Autopack::Ui {

class ProjectDialog : public QDialog
{
    Q_OBJECT
public:
    // Adds a new project to `store`.
    explicit ProjectDialog(Store &store, QWidget *parent = nullptr);
    // Edits `project` (by its id).
    ProjectDialog(Store &store, const Project &project, QWidget *parent = nullptr);

    // The project as it would be written, or what is wrong (naming the field).
    std::expected<Project, QString> validate() const;
    // Checks, then writes; false (with the reason shown) when refused.
    bool save();
    const Project &savedProject() const { return m_saved; }

    bool isEditing() const { return m_original.id != 0; }
    // Fills the branch choice with the repository's HEAD branch (keeping what was typed
    // when it exists) and re-checks.
    void probePath();

    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *pathEdit() const { return m_path; }
    QComboBox *branchCombo() const { return m_branch; }
    QPlainTextEdit *rulesetEdit() const { return m_ruleset; }
    QPlainTextEdit *ciEdit() const { return m_ci; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *okButton() const { return m_ok; }

    void accept() override;

private:
    void build();
    void browse();
    void recheck();

    Store &m_store;
    Project m_original;
    Project m_saved;
    QLineEdit *m_name;
    QLineEdit *m_path;
    QComboBox *m_branch;
    QPlainTextEdit *m_ruleset;
    QPlainTextEdit *m_ci;
    QLabel *m_error;
    QPushButton *m_ok = nullptr;
};

} // namespace Autopack::Ui
