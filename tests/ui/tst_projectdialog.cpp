// ProjectDialog: adding a project only for a real git repository and an existing base
// branch (the HEAD branch offered), editing its ruleset and CI commands with errors
// naming the JSON path, and nothing stored until everything is valid.

#include "projectdialog.h"
#include "supervisedfixture.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

using namespace Autopack;
using namespace Autopack::Ui;

namespace {

// A second repository, on branch `trunk`, with one commit.
QString makeRepo(const QTemporaryDir &dir, const QString &name)
{
    const QString repo = dir.filePath(name);
    QDir().mkpath(repo);
    UiTest::git(repo, { "init", "-q", "-b", "trunk" });
    QFile file(repo + QStringLiteral("/a.txt"));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("a\n");
    file.close();
    UiTest::git(repo, { "add", "a.txt" });
    UiTest::git(repo, { "commit", "-q", "-m", "first" });
    return repo;
}

int projectCount(Store &store)
{
    const auto projects = store.projects();
    return projects ? int(projects->size()) : -1;
}

} // namespace

class TestProjectDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesNonRepository();
    void refusesMissingBranch();
    void offersHeadBranchAndAdds();
    void duplicatePathIsRefusedByTheStore();
    void editRulesetAndCiWithJsonPaths();
};

void TestProjectDialog::refusesNonRepository()
{
    UiTest::SupervisedFixture f;
    QCOMPARE(f.error, QString());
    const QString plain = f.dir.filePath(QStringLiteral("not-a-repo"));
    QVERIFY(QDir().mkpath(plain));
    ProjectDialog dialog(*f.store);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.nameEdit()->setText(QStringLiteral("plain"));
    dialog.pathEdit()->setText(plain);
    dialog.probePath();

    const auto checked = dialog.validate();
    QVERIFY(!checked);
    QVERIFY2(checked.error().contains(QStringLiteral("not-a-repo is not a git repository")), qPrintable(checked.error()));
    QCOMPARE(dialog.errorLabel()->text(), checked.error());
    QVERIFY(!dialog.okButton()->isEnabled());
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QVERIFY(!dialog.save());
    QCOMPARE(projectCount(*f.store), 1);

    dialog.pathEdit()->setText(f.dir.filePath(QStringLiteral("nowhere")));
    dialog.probePath();
    QVERIFY2(dialog.errorLabel()->text().contains(QStringLiteral("nowhere is not a directory")),
        qPrintable(dialog.errorLabel()->text()));
}

void TestProjectDialog::refusesMissingBranch()
{
    UiTest::SupervisedFixture f;
    QCOMPARE(f.error, QString());
    const QString repo = makeRepo(f.dir, QStringLiteral("second"));
    QVERIFY(!repo.isEmpty());
    ProjectDialog dialog(*f.store);
    dialog.pathEdit()->setText(repo);
    dialog.branchCombo()->setCurrentText(QStringLiteral("develop"));
    dialog.nameEdit()->setText(QStringLiteral("second"));

    const auto checked = dialog.validate();
    QVERIFY(!checked);
    QVERIFY2(checked.error().contains(QStringLiteral("has no branch named develop")), qPrintable(checked.error()));
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY(!dialog.save());
    QCOMPARE(projectCount(*f.store), 1);
}

void TestProjectDialog::offersHeadBranchAndAdds()
{
    UiTest::SupervisedFixture f;
    QCOMPARE(f.error, QString());
    const QString repo = makeRepo(f.dir, QStringLiteral("second"));
    ProjectDialog dialog(*f.store);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.pathEdit()->setText(repo);
    dialog.probePath();

    // The HEAD branch is offered and the name taken from the directory.
    QCOMPARE(dialog.branchCombo()->currentText(), QStringLiteral("trunk"));
    QCOMPARE(dialog.nameEdit()->text(), QStringLiteral("second"));
    QVERIFY2(dialog.okButton()->isEnabled(), qPrintable(dialog.errorLabel()->text()));
    QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    const auto stored = f.store->projectByName(QStringLiteral("second"));
    QVERIFY(stored);
    QCOMPARE(stored->baseBranch, QStringLiteral("trunk"));
    QCOMPARE(QFileInfo(stored->repoPath).canonicalFilePath(), QFileInfo(repo).canonicalFilePath());
    QCOMPARE(stored->rulesetJson, QStringLiteral("{}"));
    QCOMPARE(dialog.savedProject().id, stored->id);
}

void TestProjectDialog::duplicatePathIsRefusedByTheStore()
{
    UiTest::SupervisedFixture f;
    QCOMPARE(f.error, QString());
    ProjectDialog dialog(*f.store);
    dialog.pathEdit()->setText(f.repo);
    dialog.probePath();
    dialog.nameEdit()->setText(QStringLiteral("again"));
    QVERIFY(dialog.validate());
    QVERIFY(!dialog.save());
    QVERIFY2(dialog.errorLabel()->text().startsWith(QStringLiteral("Not saved:")), qPrintable(dialog.errorLabel()->text()));
    QCOMPARE(projectCount(*f.store), 1);
}

void TestProjectDialog::editRulesetAndCiWithJsonPaths()
{
    UiTest::SupervisedFixture f;
    QCOMPARE(f.error, QString());
    const auto original = f.store->project(f.projectId);
    QVERIFY(original);
    ProjectDialog dialog(*f.store, *original);
    QVERIFY(dialog.isEditing());
    QCOMPARE(dialog.branchCombo()->currentText(), QStringLiteral("main"));
    QVERIFY2(dialog.okButton()->isEnabled(), qPrintable(dialog.errorLabel()->text()));

    dialog.rulesetEdit()->setPlainText(QStringLiteral(R"({"category_overrides": {"docs": {"builder_attempts": "x"}}})"));
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY2(dialog.errorLabel()->text().contains(QStringLiteral("$.category_overrides.docs.builder_attempts")),
        qPrintable(dialog.errorLabel()->text()));
    QVERIFY(!dialog.save());

    dialog.rulesetEdit()->setPlainText(QStringLiteral(R"({"human_gates": false})"));
    dialog.ciEdit()->setPlainText(QStringLiteral(R"({"normal": [["true"]], "attempts": 99})"));
    QVERIFY(!dialog.okButton()->isEnabled());
    QVERIFY2(dialog.errorLabel()->text().contains(QStringLiteral("CI commands")), qPrintable(dialog.errorLabel()->text()));
    QVERIFY2(dialog.errorLabel()->text().contains(QStringLiteral("attempts")), qPrintable(dialog.errorLabel()->text()));
    QVERIFY(!dialog.save());
    // Nothing written while invalid.
    QCOMPARE(f.store->project(f.projectId)->rulesetJson, original->rulesetJson);

    dialog.ciEdit()->setPlainText(QStringLiteral(R"({"normal": [["true"]], "attempts": 2})"));
    QVERIFY2(dialog.okButton()->isEnabled(), qPrintable(dialog.errorLabel()->text()));
    QVERIFY(dialog.save());
    const auto updated = f.store->project(f.projectId);
    QVERIFY(updated);
    QCOMPARE(updated->rulesetJson, QStringLiteral(R"({"human_gates": false})"));
    QCOMPARE(updated->ciCommandsJson, QStringLiteral(R"({"normal": [["true"]], "attempts": 2})"));
    QCOMPARE(updated->name, original->name);
    QCOMPARE(updated->baseBranch, QStringLiteral("main"));
}

QTEST_MAIN(TestProjectDialog)
#include "tst_projectdialog.moc"
