#pragma once

// "New run…" (issue 8): a plan JSON file (the POST /runs/start payload) for one
// project, checked and compiled into the strategy the run would be frozen with, shown
// read-only before anything is created. A plan that would be refused is refused here,
// with the JSON path of the offending field, and Create stays disabled; nothing is
// written until Create, which goes through the RunCreator (the Supervisor in the app),
// which checks everything again.

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace Autopack {
class Store;
}

namespace Autopack::Ui {

class RunCreator;

class NewRunDialog : public QDialog
{
    Q_OBJECT
public:
    // `store` is read for the projects, their rulesets and backlogs; `creator` (not
    // owned, may be null: Create stays disabled and says why) creates the run.
    NewRunDialog(Store &store, RunCreator *creator, QWidget *parent = nullptr);

    // Reads the file and checks it; false (with the reason shown) when it cannot be read.
    bool loadPlanFile(const QString &path);
    // Checks the plan text against the chosen project and shows the preview or the refusal.
    void setPlanJson(const QByteArray &json);
    bool setProjectId(qint64 projectId); // false: no such project in the list

    bool isPlanValid() const { return m_valid; }
    QString refusal() const; // empty when the plan compiles
    QString previewText() const;
    QString createdRunId() const { return m_createdRunId; }

    QComboBox *projectCombo() const { return m_project; }
    QLineEdit *pathEdit() const { return m_path; }
    QPlainTextEdit *preview() const { return m_preview; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *createButton() const { return m_create; }

private:
    void browse();
    void check();
    void refuse(const QString &why);
    void create();

    Store &m_store;
    RunCreator *m_creator;
    QComboBox *m_project;
    QLineEdit *m_path;
    QPlainTextEdit *m_preview;
    QLabel *m_error;
    QPushButton *m_create;
    QByteArray m_planText;
    QJsonObject m_plan;
    bool m_valid = false;
    QString m_createdRunId;
};

} // namespace Autopack::Ui
