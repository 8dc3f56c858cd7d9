#include "auditorverdict.h"
#include "promptbuilder.h"

#include <QJsonArray>
#include <QMap>
#include <QTest>

using namespace Autopack::Agent;

namespace {

const QString RejectedA = QStringLiteral("aaaa1111aaaa1111aaaa1111aaaa1111aaaa1111");
const QString RejectedB = QStringLiteral("bbbb2222bbbb2222bbbb2222bbbb2222bbbb2222");

// src/parser.cpp, ten lines "p1".."p10", as the first rejected candidate had it; the
// second candidate changed it, and has a README of three lines.
QByteArray numberedFile(const QString &prefix, int lines)
{
    QByteArray out;
    for (int i = 1; i <= lines; ++i)
        out += (prefix + QString::number(i)).toUtf8() + '\n';
    return out;
}

const QMap<QPair<QString, QString>, QByteArray> &repository()
{
    static const QMap<QPair<QString, QString>, QByteArray> files {
        { { RejectedA, QStringLiteral("src/parser.cpp") }, numberedFile(QStringLiteral("p"), 10) },
        { { RejectedB, QStringLiteral("src/parser.cpp") }, numberedFile(QStringLiteral("q"), 10) },
        { { RejectedB, QStringLiteral("README.md") }, QByteArray("r1\r\nr2\r\nr3") },
    };
    return files;
}

PromptBuilder::FileReader reader(QStringList *reads = nullptr)
{
    return [reads](const QString &commit, const QString &path) -> std::optional<QByteArray> {
        if (reads)
            *reads << commit.left(4) + u':' + path;
        const auto it = repository().find({ commit, path });
        if (it == repository().end())
            return std::nullopt;
        return *it;
    };
}

QJsonObject comment(const QString &path, int line, const QString &text)
{
    return { { "path", path }, { "line", line }, { "text", text } };
}

// A builder's claim answer as the server sends it, on its third attempt.
QJsonObject realisticWork()
{
    return QJsonObject {
        { "role", "builder" },
        { "run_id", "run-7" },
        { "run_name", "Parser hardening" },
        { "tier_id", "tier-2" },
        { "tier_name", "Core" },
        { "phase_id", "phase-12" },
        { "phase_index", 3 },
        { "name", "Reject malformed headers" },
        { "description", "Make the parser reject headers without a colon.\nAdd a test for it.\n" },
        { "task_category", "bugfix" },
        { "complexity", "medium" },
        { "builder_mode", "patch" },
        { "builder_attempts", 2 },
        { "max_builder_attempts", 5 },
        { "auditor_attempts", 1 },
        { "max_auditor_attempts", 3 },
        { "strategy",
            QJsonObject { { "run_id", "run-7" }, { "safety_profile", "normal" }, { "run_scope", "multi_tier" },
                { "phase",
                    QJsonObject { { "phase_id", "phase-12" },
                        { "protected_globs", QJsonArray { "migrations/**", ".github/**" } } } } } },
        { "budget_left", QJsonObject { { "run_tokens", 120000 }, { "phase_tokens", 40000 } } },
        { "base_commit", "cccc3333cccc3333cccc3333cccc3333cccc3333" },
        { "candidate_commit", "" },
        { "rejections",
            QJsonArray {
                QJsonObject { { "decision", "revise" }, { "reason", "The error path is untested." },
                    { "reviewer", "alice" }, { "candidate_commit", RejectedA },
                    { "comments",
                        QJsonArray { comment("src/parser.cpp", 5, "This accepts an empty name."),
                            comment("src/parser.cpp", 1, "Missing licence header.") } } },
                QJsonObject { { "decision", "reject" }, { "reason", "Still accepts \"a\" as a header." },
                    { "reviewer", "bob" }, { "candidate_commit", RejectedB },
                    { "comments",
                        QJsonArray { comment("src/parser.cpp", 10, "Off by one at the end."),
                            comment("README.md", 3, "Document the new error.") } } },
            } },
        { "last_ci_output", "FAIL: tst_parser::malformed()\n   Actual: true\n   Expected: false\n" },
        { "review_focus", "" },
        { "audit_reason", "" },
    };
}

QString render(const QString &tpl, const QJsonObject &work, const QString &diff = {})
{
    auto out = PromptBuilder::render(tpl, work, reader(), diff);
    if (!out) {
        qWarning("render failed: %s", qPrintable(out.error()));
        return QStringLiteral("<error: %1>").arg(out.error());
    }
    return *out;
}

} // namespace

class TestPromptBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void eachPlaceholder_data();
    void eachPlaceholder();
    void everyPlaceholderIsKnown();
    void missingKeysRenderEmpty();
    void scopeWithoutProtectedGlobs();
    void rejectionsQuoteTheRejectedLines();
    void unreadableFilesAreSaid();
    void ciOutputKeepsTheLastLines();
    void conditionalBlocks();
    void nestedAndUnbalancedBlocks();
    void unknownPlaceholderIsRefused();
    void valuesAreNotReinterpreted();
    void defaultTemplatesRenderCompletely();
    void auditorDefaultWithoutDiff();
    void projectTemplatePaths();
};

void TestPromptBuilder::eachPlaceholder_data()
{
    QTest::addColumn<QString>("placeholder");
    QTest::addColumn<QString>("expected");
    QTest::newRow("role") << "role"
                          << "builder";
    QTest::newRow("phase_id") << "phase_id"
                              << "phase-12";
    QTest::newRow("phase_name") << "phase_name"
                                << "Reject malformed headers";
    QTest::newRow("description") << "description"
                                 << "Make the parser reject headers without a colon.\nAdd a test for it.";
    QTest::newRow("task_category") << "task_category"
                                   << "bugfix";
    QTest::newRow("complexity") << "complexity"
                                << "medium";
    QTest::newRow("builder_mode") << "builder_mode"
                                  << "patch";
    QTest::newRow("run_id") << "run_id"
                            << "run-7";
    QTest::newRow("run_name") << "run_name"
                              << "Parser hardening";
    QTest::newRow("tier_id") << "tier_id"
                             << "tier-2";
    QTest::newRow("tier_name") << "tier_name"
                               << "Core";
    QTest::newRow("attempt") << "attempt"
                             << "3";
    QTest::newRow("max_attempts") << "max_attempts"
                                  << "5";
    QTest::newRow("auditor_attempt") << "auditor_attempt"
                                     << "2";
    QTest::newRow("max_auditor_attempts") << "max_auditor_attempts"
                                          << "3";
    QTest::newRow("safety_profile") << "safety_profile"
                                    << "normal";
    QTest::newRow("run_scope") << "run_scope"
                               << "multi_tier";
    QTest::newRow("scope") << "scope"
                           << "Safety profile: normal.\nRun scope: multi_tier.\nYou may change any file of the "
                              "repository except: `migrations/**`, `.github/**`.";
    QTest::newRow("protected_paths") << "protected_paths"
                                     << "- `migrations/**`\n- `.github/**`";
    QTest::newRow("budget") << "budget"
                            << "120000 tokens left for the run, 40000 tokens left for this phase";
    QTest::newRow("base_commit") << "base_commit"
                                 << "cccc3333cccc3333cccc3333cccc3333cccc3333";
    QTest::newRow("candidate_commit") << "candidate_commit"
                                      << "";
    QTest::newRow("ci_output") << "ci_output"
                               << "FAIL: tst_parser::malformed()\n   Actual: true\n   Expected: false";
    QTest::newRow("review_focus") << "review_focus"
                                  << "";
    QTest::newRow("audit_reason") << "audit_reason"
                                  << "";
    QTest::newRow("candidate_diff") << "candidate_diff"
                                    << "--- a/x\n+++ b/x";
    QTest::newRow("verdict_schema") << "verdict_schema" << AuditorVerdict::schemaText();
}

void TestPromptBuilder::eachPlaceholder()
{
    QFETCH(QString, placeholder);
    QFETCH(QString, expected);
    QCOMPARE(render(QStringLiteral("[{{%1}}]").arg(placeholder), realisticWork(), QStringLiteral("--- a/x\n+++ b/x\n")),
        u'[' + expected + u']');
    // Spaces inside the braces are allowed.
    QCOMPARE(
        render(QStringLiteral("[{{ %1 }}]").arg(placeholder), realisticWork(), QStringLiteral("--- a/x\n+++ b/x\n")),
        u'[' + expected + u']');
}

void TestPromptBuilder::everyPlaceholderIsKnown()
{
    // Each documented name is in placeholders() and the other way round (the _data rows
    // above plus rejections, tested on its own).
    QStringList expected { "role", "phase_id", "phase_name", "description", "task_category", "complexity",
        "builder_mode", "run_id", "run_name", "tier_id", "tier_name", "attempt", "max_attempts", "auditor_attempt",
        "max_auditor_attempts", "safety_profile", "run_scope", "scope", "protected_paths", "budget", "base_commit",
        "candidate_commit", "rejections", "ci_output", "review_focus", "audit_reason", "candidate_diff",
        "verdict_schema" };
    expected.sort();
    QCOMPARE(PromptBuilder::placeholders(), expected);
}

void TestPromptBuilder::missingKeysRenderEmpty()
{
    // Only what the strategy slice carries: the phase's fields come from it, the rest is empty.
    const QJsonObject work {
        { "strategy",
            QJsonObject { { "run_id", "run-1" },
                { "phase", QJsonObject { { "phase_id", "p1" }, { "name", "From the slice" } } } } },
    };
    QCOMPARE(render("{{phase_id}}|{{phase_name}}|{{run_id}}|{{run_name}}|{{tier_name}}|{{budget}}|{{rejections}}|"
                    "{{ci_output}}|{{attempt}}|{{max_attempts}}|{{protected_paths}}",
                 work),
        QStringLiteral("p1|From the slice|run-1|run-1|||||1||"));
    QCOMPARE(render("{{scope}}", QJsonObject()), QStringLiteral("You may change any file of the repository."));
    // A budget with only one of its numbers.
    QCOMPARE(render("{{budget}}", QJsonObject { { "budget_left", QJsonObject { { "phase_tokens", 5 } } } }),
        QStringLiteral("5 tokens left for this phase"));
}

void TestPromptBuilder::scopeWithoutProtectedGlobs()
{
    QJsonObject work = realisticWork();
    work["strategy"] = QJsonObject { { "safety_profile", "strict" }, { "protected_globs", QJsonArray { "docs/**" } } };
    QCOMPARE(render("{{scope}}", work),
        QStringLiteral("Safety profile: strict.\nYou may change any file of the repository except: `docs/**`."));
    work["strategy"] = QJsonObject { { "run_scope", "single_tier" }, { "protected_globs", QJsonArray() } };
    QCOMPARE(render("{{scope}}", work),
        QStringLiteral("Run scope: single_tier.\nYou may change any file of the repository."));
}

void TestPromptBuilder::rejectionsQuoteTheRejectedLines()
{
    QStringList reads;
    auto out = PromptBuilder::render(QStringLiteral("{{rejections}}"), realisticWork(), reader(&reads));
    QVERIFY2(out, qPrintable(out.error()));
    const QString expected = QStringLiteral("### Rejection 1 of 2: revise by alice (candidate aaaa1111aaaa)\n"
                                            "\n"
                                            "Reason: The error path is untested.\n"
                                            "\n"
                                            "Line comments:\n"
                                            "- src/parser.cpp:5: This accepts an empty name.\n"
                                            "      2 | p2\n"
                                            "      3 | p3\n"
                                            "      4 | p4\n"
                                            "    > 5 | p5\n"
                                            "      6 | p6\n"
                                            "      7 | p7\n"
                                            "      8 | p8\n"
                                            "- src/parser.cpp:1: Missing licence header.\n"
                                            "    > 1 | p1\n"
                                            "      2 | p2\n"
                                            "      3 | p3\n"
                                            "      4 | p4\n"
                                            "\n"
                                            "### Rejection 2 of 2: reject by bob (candidate bbbb2222bbbb)\n"
                                            "\n"
                                            "Reason: Still accepts \"a\" as a header.\n"
                                            "\n"
                                            "Line comments:\n"
                                            "- src/parser.cpp:10: Off by one at the end.\n"
                                            "       7 | q7\n"
                                            "       8 | q8\n"
                                            "       9 | q9\n"
                                            "    > 10 | q10\n"
                                            "- README.md:3: Document the new error.\n"
                                            "      1 | r1\n"
                                            "      2 | r2\n"
                                            "    > 3 | r3");
    QCOMPARE(*out, expected);
    // Each file read once per rejected commit, and at that commit.
    QCOMPARE(reads, (QStringList { "aaaa:src/parser.cpp", "bbbb:src/parser.cpp", "bbbb:README.md" }));
}

void TestPromptBuilder::unreadableFilesAreSaid()
{
    QJsonObject work;
    work["rejections"] = QJsonArray {
        QJsonObject { { "decision", "revise" }, { "reviewer", "carol" }, { "candidate_commit", RejectedA },
            { "comments",
                QJsonArray { comment("gone.cpp", 2, "Where is it?"), comment("src/parser.cpp", 11, "Past it."),
                    comment("src/parser.cpp", 0, "The whole file.\nSecond line.") } } },
        QJsonObject { { "decision", "reject" }, { "comments", QJsonArray { comment("a.cpp", 1, "No commit.") } } },
    };
    QCOMPARE(render("{{rejections}}", work),
        QStringLiteral("### Rejection 1 of 2: revise by carol (candidate aaaa1111aaaa)\n\n"
                       "Reason: (none given)\n\n"
                       "Line comments:\n"
                       "- gone.cpp:2: Where is it?\n"
                       "    (gone.cpp could not be read at aaaa1111aaaa)\n"
                       "- src/parser.cpp:11: Past it.\n"
                       "    (line 11 is past the end of src/parser.cpp at aaaa1111aaaa, which has 10 lines)\n"
                       "- src/parser.cpp: The whole file.\n  Second line.\n\n"
                       "### Rejection 2 of 2: reject by a reviewer\n\n"
                       "Reason: (none given)\n\n"
                       "Line comments:\n"
                       "- a.cpp:1: No commit.\n"
                       "    (the lines cannot be quoted: the rejection names no candidate commit)"));
    // No FileReader at all is the same as one that knows nothing.
    auto out = PromptBuilder::render(QStringLiteral("{{rejections}}"), work, {});
    QVERIFY(out);
    QVERIFY(out->contains(QStringLiteral("(src/parser.cpp could not be read at aaaa1111aaaa)")));
}

void TestPromptBuilder::ciOutputKeepsTheLastLines()
{
    QStringList lines;
    for (int i = 1; i <= 250; ++i)
        lines << QStringLiteral("line %1").arg(i);
    QJsonObject work { { "last_ci_output", QString(lines.join(u'\n') + QStringLiteral("\n\n")) } };
    const QString out = render("{{ci_output}}", work);
    QVERIFY(out.startsWith(QStringLiteral("[... 50 earlier lines cut ...]\nline 51\n")));
    QVERIFY(out.endsWith(QStringLiteral("\nline 250")));
    QCOMPARE(out.count(u'\n'), 200);

    work["last_ci_output"] = QStringLiteral("  \n");
    QCOMPARE(render("{{#ci_output}}CI:{{ci_output}}{{/ci_output}}", work), QString());
}

void TestPromptBuilder::conditionalBlocks()
{
    QJsonObject work = realisticWork();
    const QString tpl = QStringLiteral("Intro\n"
                                       "{{#rejections}}\n"
                                       "## Rejections\n"
                                       "{{rejections}}\n"
                                       "{{/rejections}}\n"
                                       "{{^rejections}}\n"
                                       "First attempt.\n"
                                       "{{/rejections}}\n"
                                       "  {{! a comment line vanishes }}\n"
                                       "Outro {{#review_focus}}(focus: {{review_focus}}){{/review_focus}}\n");
    const QString withRejections = render(tpl, work);
    QVERIFY(withRejections.startsWith(QStringLiteral("Intro\n## Rejections\n### Rejection 1 of 2")));
    QVERIFY(withRejections.endsWith(QStringLiteral("    > 3 | r3\nOutro \n")));
    QVERIFY(!withRejections.contains(QStringLiteral("First attempt")));

    work["rejections"] = QJsonArray();
    work["review_focus"] = QStringLiteral("error handling");
    QCOMPARE(render(tpl, work), QStringLiteral("Intro\nFirst attempt.\nOutro (focus: error handling)\n"));

    // A value of only white space counts as empty.
    work["review_focus"] = QStringLiteral(" \n ");
    QCOMPARE(render("{{#review_focus}}shown{{/review_focus}}", work), QString());
}

void TestPromptBuilder::nestedAndUnbalancedBlocks()
{
    QJsonObject work = realisticWork();
    work["rejections"] = QJsonArray();
    QCOMPARE(render("{{#budget}}B{{#rejections}}R{{/rejections}}{{^rejections}}-{{/rejections}}{{/budget}}", work),
        QStringLiteral("B-"));

    const auto error = [&work](const QString &tpl) {
        auto out = PromptBuilder::render(tpl, work, reader());
        return out ? QStringLiteral("(rendered)") : out.error();
    };
    QCOMPARE(error("a\n{{#budget}}\nb"), QStringLiteral("{{#budget}} on line 2 is never closed (no {{/budget}})"));
    QCOMPARE(error("a\n\n{{/budget}}"), QStringLiteral("{{/budget}} on line 3 closes no block"));
    QCOMPARE(error("{{#budget}}\n{{#scope}}\n{{/budget}}\n{{/scope}}"),
        QStringLiteral("{{/budget}} on line 3 closes {{#scope}} of line 2"));
    QCOMPARE(error("x\ny {{phase_id"), QStringLiteral("unclosed {{ on line 2"));
    QCOMPARE(error("{{ }}"), QStringLiteral("empty placeholder {{}} on line 1"));
}

void TestPromptBuilder::unknownPlaceholderIsRefused()
{
    auto out = PromptBuilder::render(
        QStringLiteral("Phase {{phase_id}}\n\nSee {{phase_title}} here"), realisticWork(), reader());
    QVERIFY(!out);
    QCOMPARE(out.error(), QStringLiteral("unknown placeholder {{phase_title}} on line 3"));

    out = PromptBuilder::render(QStringLiteral("{{#nope}}x{{/nope}}"), realisticWork(), reader());
    QVERIFY(!out);
    QCOMPARE(out.error(), QStringLiteral("unknown placeholder {{nope}} on line 1"));
}

void TestPromptBuilder::valuesAreNotReinterpreted()
{
    QJsonObject work = realisticWork();
    work["description"] = QStringLiteral("Support {{name}} and %1 in templates");
    QCOMPARE(render("[{{description}}]", work), QStringLiteral("[Support {{name}} and %1 in templates]"));
}

void TestPromptBuilder::defaultTemplatesRenderCompletely()
{
    for (const QString &role : { QStringLiteral("builder"), QStringLiteral("auditor") }) {
        QJsonObject work = realisticWork();
        work["role"] = role;
        if (role == QLatin1String("auditor")) {
            work["candidate_commit"] = QStringLiteral("dddd4444dddd4444dddd4444dddd4444dddd4444");
            work["review_focus"] = QStringLiteral("The error path.");
            work["audit_reason"] = QStringLiteral("The phase is high risk.");
        }
        const QString tpl = PromptBuilder::defaultTemplate(role);
        QVERIFY(!tpl.isEmpty());
        const QString out = render(tpl, work, QStringLiteral("--- a/src/parser.cpp\n+++ b/src/parser.cpp\n"));
        QVERIFY2(!out.contains(QStringLiteral("{{")), qPrintable(out));
        QVERIFY2(!out.contains(QStringLiteral("\n\n\n")), qPrintable(out));
        QVERIFY(out.contains(QStringLiteral("phase-12")));
        QVERIFY(out.contains(QStringLiteral("Make the parser reject headers without a colon.")));
        QVERIFY(out.contains(QStringLiteral("`migrations/**`")));
        QVERIFY(out.contains(QStringLiteral("    > 5 | p5")));
        QVERIFY(out.contains(QStringLiteral("Expected: false")));
        if (role == QLatin1String("builder")) {
            QVERIFY(out.contains(QStringLiteral("attempt 3 of 5")));
            QVERIFY(out.contains(QStringLiteral("Do not commit")));
            QVERIFY(out.contains(QStringLiteral("120000 tokens left for the run")));
            QVERIFY(out.contains(QStringLiteral("summary")));
        } else {
            QVERIFY(out.contains(QStringLiteral("+++ b/src/parser.cpp")));
            QVERIFY(out.contains(AuditorVerdict::schemaText()));
            QVERIFY(out.contains(QStringLiteral("The error path.")));
            QVERIFY(out.contains(QStringLiteral("The phase is high risk.")));
            QVERIFY(!out.contains(QStringLiteral("The diff is not included")));
        }

        // A first attempt: no rejection or CI section, and no heading left without its text.
        work["rejections"] = QJsonArray();
        work["last_ci_output"] = QString();
        work.remove("budget_left");
        const QString first = render(tpl, work, QStringLiteral("diff"));
        QVERIFY2(!first.contains(QStringLiteral("{{")), qPrintable(first));
        QVERIFY(!first.contains(QStringLiteral("Rejection")));
        QVERIFY(!first.contains(QStringLiteral("rejected")));
        QVERIFY(!first.contains(QStringLiteral("rejections")));
        QVERIFY(!first.contains(QStringLiteral("CI run failed")));
        QVERIFY(!first.contains(QStringLiteral("## Budget")));
        QVERIFY2(!first.contains(QStringLiteral("\n\n\n")), qPrintable(first));
    }
    QCOMPARE(PromptBuilder::defaultTemplate(QStringLiteral("reviewer")), QString());
}

void TestPromptBuilder::auditorDefaultWithoutDiff()
{
    QJsonObject work = realisticWork();
    work["candidate_commit"] = QStringLiteral("dddd4444");
    const QString out = render(PromptBuilder::defaultTemplate(QStringLiteral("auditor")), work);
    QVERIFY(out.contains(
        QStringLiteral("read it in the working directory with `git diff cccc3333cccc3333cccc3333cccc3333cccc3333 "
                       "dddd4444`")));
    QVERIFY(!out.contains(QStringLiteral("````diff")));
}

void TestPromptBuilder::projectTemplatePaths()
{
    QCOMPARE(
        PromptBuilder::projectTemplatePath(QStringLiteral("builder")), QStringLiteral(".autopack/prompt-builder.md"));
    QCOMPARE(
        PromptBuilder::projectTemplatePath(QStringLiteral("auditor")), QStringLiteral(".autopack/prompt-auditor.md"));
    QCOMPARE(PromptBuilder::projectTemplatePath(QStringLiteral("../x")), QString());
}

QTEST_GUILESS_MAIN(TestPromptBuilder)
#include "tst_promptbuilder.moc"
