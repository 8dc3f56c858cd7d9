#include "projectdialog.h"

#include "ciconfig.h"
#include "repositoryprobe.h"
#include "ruleset.h"
#include "statestyle.h"
#include "store.h"
#include "uilog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Autopack::Ui {

ProjectDialog::ProjectDialog(Store &store, QWidget *parent)
    : ProjectDialog(store, Project {}, parent)
{
}

ProjectDialog::ProjectDialog(Store &store, const Project &project, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_original(project)
    , m_name(new QLineEdit(this))
    , m_path(new QLineEdit(this))
    , m_branch(new QComboBox(this))
    , m_ruleset(new QPlainTextEdit(this))
    , m_ci(new QPlainTextEdit(this))
    , m_error(new QLabel(this))
{
    build();
    if (isEditing()) {
        setWindowTitle(tr("Edit project %1").arg(project.name));
        m_name->setText(project.name);
        m_path->setText(QDir::toNativeSeparators(project.repoPath));
        m_branch->addItem(project.baseBranch);
        m_branch->setCurrentText(project.baseBranch);
        m_ruleset->setPlainText(project.rulesetJson);
        m_ci->setPlainText(project.ciCommandsJson);
    } else {
        setWindowTitle(tr("Add project"));
        m_ruleset->setPlainText(QStringLiteral("{}"));
        m_ci->setPlainText(QStringLiteral("{}"));
    }
    recheck();
}

void ProjectDialog::build()
{
    setObjectName(QStringLiteral("projectDialog"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_name->setObjectName(QStringLiteral("projectName"));
    m_path->setObjectName(QStringLiteral("projectPath"));
    m_path->setPlaceholderText(tr("A git repository directory"));
    m_branch->setObjectName(QStringLiteral("projectBranch"));
    m_branch->setEditable(true);
    m_branch->setToolTip(tr("The branch runs integrate into; empty: the repository's HEAD branch."));
    auto *pathRow = new QHBoxLayout;
    auto *browse = new QPushButton(tr("&Browse…"), this);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    auto *pathLabel = new QLabel(tr("&Repository:"), this);
    pathLabel->setBuddy(m_path); // a row that is a layout gets no buddy by itself
    form->addRow(pathLabel, pathRow);
    form->addRow(tr("Base &branch:"), m_branch);
    form->addRow(tr("&Name:"), m_name);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (QPlainTextEdit *edit : { m_ruleset, m_ci }) {
        edit->setFont(mono);
        edit->setLineWrapMode(QPlainTextEdit::NoWrap);
        edit->setTabChangesFocus(true);
    }
    m_ruleset->setObjectName(QStringLiteral("projectRuleset"));
    m_ci->setObjectName(QStringLiteral("projectCi"));
    m_ruleset->setToolTip(tr("Ruleset JSON (docs/ruleset.md); {} keeps every default."));
    m_ci->setToolTip(tr("CI commands JSON (docs/ci.md): {\"normal\": [[\"ctest\"]], \"strict\": [...]}"));
    form->addRow(tr("R&uleset JSON:"), m_ruleset);
    form->addRow(tr("&CI commands JSON:"), m_ci);
    layout->addLayout(form, 1);
    m_error->setObjectName(QStringLiteral("projectError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setObjectName(QStringLiteral("projectOk"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ProjectDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, &ProjectDialog::browse);
    connect(m_path, &QLineEdit::editingFinished, this, &ProjectDialog::probePath);
    connect(m_branch, &QComboBox::currentTextChanged, this, &ProjectDialog::recheck);
    connect(m_name, &QLineEdit::textChanged, this, &ProjectDialog::recheck);
    connect(m_ruleset, &QPlainTextEdit::textChanged, this, &ProjectDialog::recheck);
    connect(m_ci, &QPlainTextEdit::textChanged, this, &ProjectDialog::recheck);
    resize(640, 560);
}

void ProjectDialog::browse()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a git repository"), m_path->text());
    if (dir.isEmpty())
        return;
    m_path->setText(QDir::toNativeSeparators(dir));
    probePath();
}

void ProjectDialog::probePath()
{
    const QString path = QDir::fromNativeSeparators(m_path->text().trimmed());
    if (!path.isEmpty()) {
        if (const auto head = Git::probeRepository(path)) {
            // Offer the HEAD branch; keep a typed branch when it exists.
            const QString typed = m_branch->currentText().trimmed();
            const bool typedExists = !typed.isEmpty() && Git::probeRepository(path, typed).has_value();
            const QSignalBlocker block(m_branch);
            m_branch->clear();
            m_branch->addItem(head->baseBranch);
            if (typedExists && typed != head->baseBranch)
                m_branch->addItem(typed);
            m_branch->setCurrentText(typedExists ? typed : head->baseBranch);
            if (m_name->text().trimmed().isEmpty())
                m_name->setText(QFileInfo(head->path).fileName());
        }
    }
    recheck();
}

std::expected<Project, QString> ProjectDialog::validate() const
{
    Project project = m_original;
    project.name = m_name->text().trimmed();
    const QString path = QDir::fromNativeSeparators(m_path->text().trimmed());
    if (path.isEmpty())
        return std::unexpected(tr("Repository: choose a git repository directory."));
    const auto info = Git::probeRepository(path, m_branch->currentText().trimmed());
    if (!info)
        return std::unexpected(tr("Repository: %1").arg(info.error().message));
    project.repoPath = info->path;
    project.baseBranch = info->baseBranch;
    if (project.name.isEmpty())
        return std::unexpected(tr("Name: a project needs a name."));

    project.rulesetJson = m_ruleset->toPlainText().trimmed();
    if (project.rulesetJson.isEmpty())
        project.rulesetJson = QStringLiteral("{}");
    if (const auto ruleset = Engine::Ruleset::fromJson(project.rulesetJson.toUtf8()); !ruleset)
        return std::unexpected(tr("Ruleset: %1").arg(ruleset.error().toString()));
    project.ciCommandsJson = m_ci->toPlainText().trimmed();
    if (project.ciCommandsJson.isEmpty())
        project.ciCommandsJson = QStringLiteral("{}");
    if (const auto ci = Ci::CiConfig::fromJson(project.ciCommandsJson.toUtf8()); !ci)
        return std::unexpected(tr("CI commands: %1").arg(ci.error().toString()));
    return project;
}

void ProjectDialog::recheck()
{
    const auto project = validate();
    m_ok->setEnabled(project.has_value());
    if (project) {
        m_error->setStyleSheet({});
        m_error->setText(tr("Base branch %1 of %2.").arg(project->baseBranch, QDir::toNativeSeparators(project->repoPath)));
    } else {
        m_error->setStyleSheet(QStringLiteral("color: %1;").arg(toneColor(Tone::Bad, palette()).name()));
        m_error->setText(project.error());
    }
}

bool ProjectDialog::save()
{
    const auto project = validate();
    if (!project) {
        recheck();
        return false;
    }
    const auto written = isEditing() ? m_store.updateProject(*project) : m_store.addProject(*project);
    if (!written) {
        qCWarning(lcUi).noquote() << "project refused:" << written.error().message;
        m_error->setStyleSheet(QStringLiteral("color: %1;").arg(toneColor(Tone::Bad, palette()).name()));
        m_error->setText(tr("Not saved: %1").arg(written.error().message));
        return false;
    }
    m_saved = *written;
    qCInfo(lcUi).noquote() << (isEditing() ? "updated project" : "added project") << m_saved.name;
    return true;
}

void ProjectDialog::accept()
{
    if (save())
        QDialog::accept();
}

} // namespace Autopack::Ui
