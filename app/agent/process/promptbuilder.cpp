#include "promptbuilder.h"

#include "auditorverdict.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <optional>
#include <vector>

namespace Autopack::Agent {

namespace {

constexpr int ContextLines = 3; // quoted above and below a commented line
constexpr int CiOutputLines = 200;
constexpr qsizetype CiOutputChars = 32 * 1024; // also bounds one very long line

const QString BuilderTemplate = QStringLiteral(
    R"(You are the Builder of phase {{phase_id}}, "{{phase_name}}", in run {{run_name}} (tier {{tier_name}}). This is attempt {{attempt}} of {{max_attempts}}.

## The task

{{description}}

Category: {{task_category}}. Complexity: {{complexity}}. Builder mode: {{builder_mode}}.

## Scope

{{scope}}
{{#protected_paths}}

Protected paths (never create, change or delete anything matching these):
{{protected_paths}}
{{/protected_paths}}
{{#budget}}

## Budget

{{budget}}. Work economically: read what you need, not the whole repository.
{{/budget}}
{{#rejections}}

## Earlier attempts were rejected

Your change has to address every point below. Quoted lines are from the rejected candidate, not necessarily from your working directory.

{{rejections}}
{{/rejections}}
{{#ci_output}}

## The last CI run failed

Its output (the last lines):

````text
{{ci_output}}
````

Fix the cause; do not weaken or delete tests to make CI pass.
{{/ci_output}}

## How to work

- The current directory is a checkout of the repository at commit {{base_commit}}. Make the change there.
- Do not commit, branch, stash or push: Autopack takes your change from the working directory as it is when you finish.
- Keep to the task and the scope above. If the task cannot be done within them, change nothing and say why.
- Build and run the relevant tests if the project lets you, and fix what you broke.

## When you are done

End your final message with a short summary: what you changed and why, the files you touched, what you ran to check it (and the result), and anything left open.
)");

const QString AuditorTemplate = QStringLiteral(
    R"(You are the Auditor of phase {{phase_id}}, "{{phase_name}}", in run {{run_name}} (tier {{tier_name}}). Review the builder's candidate against the specification below. Do not change any file.

## The specification

{{description}}

Category: {{task_category}}. Complexity: {{complexity}}.

## The builder's scope

{{scope}}
{{#protected_paths}}

Protected paths (a change to any of these is a major issue):
{{protected_paths}}
{{/protected_paths}}
{{#audit_reason}}

## Why this audit

{{audit_reason}}
{{/audit_reason}}
{{#review_focus}}

## Look in particular at

{{review_focus}}
{{/review_focus}}
{{#rejections}}

## Earlier rejections of this phase

Check that the candidate addresses each of them.

{{rejections}}
{{/rejections}}
{{#ci_output}}

## The last CI run failed

````text
{{ci_output}}
````
{{/ci_output}}

## The candidate

Candidate commit {{candidate_commit}} against base commit {{base_commit}}.
{{#candidate_diff}}

````diff
{{candidate_diff}}
````
{{/candidate_diff}}
{{^candidate_diff}}
The diff is not included here: read it in the working directory with `git diff {{base_commit}} {{candidate_commit}}`.
{{/candidate_diff}}

## How to review

- Does the change do what the specification asks, completely and correctly? Are the edge cases and error paths handled?
- Does it stay within the scope? Is it tested where it should be?
- Report each problem as an issue: "major" when the change must not go in as it is, "minor" otherwise.
- Recommend "approve" only when there is no major issue.

## Your answer

{{verdict_schema}}
)");

// A JSON value as prompt text: numbers without a spurious ".0", containers as compact JSON.
QString text(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (d == double(qint64(d)))
            return QString::number(qint64(d));
        return QString::number(d);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QString firstNonEmpty(std::initializer_list<QJsonValue> values)
{
    for (const QJsonValue &v : values) {
        const QString t = text(v);
        if (!t.trimmed().isEmpty())
            return t;
    }
    return {};
}

// The claim answer's fields, with the strategy slice's as a fallback: the slice carries
// the phase under "phase" and may be all an older server sends.
class Work
{
public:
    explicit Work(const QJsonObject &work)
        : m_work(work)
        , m_strategy(work.value(QStringLiteral("strategy")).toObject())
        , m_phase(m_strategy.value(QStringLiteral("phase")).toObject())
    {
    }

    QString field(const QString &key) const { return text(m_work.value(key)); }
    QString phaseField(const QString &key) const
    {
        return firstNonEmpty({ m_work.value(key), m_phase.value(key), m_strategy.value(key) });
    }
    QString strategyField(const QString &key) const
    {
        return firstNonEmpty({ m_strategy.value(key), m_phase.value(key), m_work.value(key) });
    }
    QJsonValue value(const QString &key) const { return m_work.value(key); }

    QStringList protectedGlobs() const
    {
        QJsonValue globs = m_strategy.value(QStringLiteral("protected_globs"));
        if (!globs.isArray())
            globs = m_phase.value(QStringLiteral("protected_globs"));
        QStringList out;
        for (const QJsonValue &g : globs.toArray()) {
            if (const QString s = g.toString().trimmed(); !s.isEmpty())
                out << s;
        }
        return out;
    }

    // n+1 for the attempt now starting, from a count that may be missing.
    QString nextAttempt(const QString &countKey) const
    {
        const QJsonValue v = phaseValue(countKey);
        return QString::number((v.isDouble() ? qint64(v.toDouble()) : 0) + 1);
    }

private:
    QJsonValue phaseValue(const QString &key) const
    {
        return m_work.contains(key) ? m_work.value(key) : m_phase.value(key);
    }

    QJsonObject m_work;
    QJsonObject m_strategy;
    QJsonObject m_phase;
};

QString scopeText(const Work &work)
{
    QStringList sentences;
    const QString safety = work.strategyField(QStringLiteral("safety_profile"));
    const QString runScope = work.strategyField(QStringLiteral("run_scope"));
    if (!safety.isEmpty())
        sentences << QStringLiteral("Safety profile: %1.").arg(safety);
    if (!runScope.isEmpty())
        sentences << QStringLiteral("Run scope: %1.").arg(runScope);
    const QStringList globs = work.protectedGlobs();
    if (globs.isEmpty()) {
        sentences << QStringLiteral("You may change any file of the repository.");
    } else {
        QStringList quoted;
        for (const QString &g : globs)
            quoted << u'`' + g + u'`';
        sentences << QStringLiteral("You may change any file of the repository except: %1.")
                         .arg(quoted.join(QStringLiteral(", ")));
    }
    return sentences.join(u'\n');
}

QString protectedPathsText(const Work &work)
{
    QStringList lines;
    for (const QString &g : work.protectedGlobs())
        lines << QStringLiteral("- `%1`").arg(g);
    return lines.join(u'\n');
}

QString budgetText(const Work &work)
{
    const QJsonValue left = work.value(QStringLiteral("budget_left"));
    if (!left.isObject())
        return {};
    const QJsonValue run = left.toObject().value(QStringLiteral("run_tokens"));
    const QJsonValue phase = left.toObject().value(QStringLiteral("phase_tokens"));
    QStringList parts;
    if (run.isDouble())
        parts << QStringLiteral("%1 tokens left for the run").arg(text(run));
    if (phase.isDouble())
        parts << QStringLiteral("%1 tokens left for this phase").arg(text(phase));
    return parts.join(QStringLiteral(", "));
}

QString shortCommit(const QString &commit) { return commit.left(12); }

// File text split into lines without their terminators; a final newline ends the last
// line rather than starting another.
QStringList fileLines(const QByteArray &content)
{
    QStringList lines = QString::fromUtf8(content).split(u'\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    for (QString &line : lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
    }
    return lines;
}

QString indented(const QString &text, const QString &indent)
{
    QStringList lines = text.trimmed().split(u'\n');
    for (qsizetype i = 1; i < lines.size(); ++i)
        lines[i] = indent + lines[i];
    return lines.join(u'\n');
}

QString quotedLines(const QStringList &lines, int line)
{
    const int first = std::max(1, line - ContextLines);
    const int last = std::min(int(lines.size()), line + ContextLines);
    const int width = int(QString::number(last).size());
    QStringList out;
    for (int n = first; n <= last; ++n) {
        out << QStringLiteral("    %1 %2 | %3")
                   .arg(n == line ? QStringLiteral(">") : QStringLiteral(" "))
                   .arg(n, width)
                   .arg(lines.at(n - 1));
    }
    return out.join(u'\n');
}

QString commentText(const QJsonObject &comment, const QString &commit, const PromptBuilder::FileReader &files,
    QHash<QString, std::optional<QStringList>> &cache)
{
    const QString path = comment.value(QStringLiteral("path")).toString();
    const int line = comment.value(QStringLiteral("line")).toInt();
    const QString note = indented(text(comment.value(QStringLiteral("text"))), QStringLiteral("  "));
    if (path.isEmpty())
        return QStringLiteral("- %1").arg(note);
    if (line <= 0)
        return QStringLiteral("- %1: %2").arg(path, note);

    QString out = QStringLiteral("- %1:%2: %3").arg(path, QString::number(line), note);
    if (commit.isEmpty())
        return out + QStringLiteral("\n    (the lines cannot be quoted: the rejection names no candidate commit)");
    const QString key = commit + u'\n' + path;
    if (!cache.contains(key)) {
        std::optional<QByteArray> content = files ? files(commit, path) : std::nullopt;
        cache.insert(key, content ? std::optional<QStringList>(fileLines(*content)) : std::nullopt);
    }
    const std::optional<QStringList> &lines = cache[key];
    if (!lines)
        return out + QStringLiteral("\n    (%1 could not be read at %2)").arg(path, shortCommit(commit));
    if (line > lines->size()) {
        return out
            + QStringLiteral("\n    (line %1 is past the end of %2 at %3, which has %4 lines)")
                  .arg(QString::number(line), path, shortCommit(commit), QString::number(lines->size()));
    }
    return out + u'\n' + quotedLines(*lines, line);
}

QString rejectionsText(const Work &work, const PromptBuilder::FileReader &files)
{
    const QJsonArray rejections = work.value(QStringLiteral("rejections")).toArray();
    QStringList blocks;
    QHash<QString, std::optional<QStringList>> cache; // (commit, path) -> lines
    for (qsizetype i = 0; i < rejections.size(); ++i) {
        const QJsonObject r = rejections.at(i).toObject();
        const QString decision = firstNonEmpty({ r.value(QStringLiteral("decision")) });
        const QString reviewer = firstNonEmpty({ r.value(QStringLiteral("reviewer")) });
        const QString commit = text(r.value(QStringLiteral("candidate_commit")));
        QString heading = QStringLiteral("### Rejection %1 of %2: %3 by %4")
                              .arg(i + 1)
                              .arg(rejections.size())
                              .arg(decision.isEmpty() ? QStringLiteral("rejected") : decision,
                                  reviewer.isEmpty() ? QStringLiteral("a reviewer") : reviewer);
        if (!commit.isEmpty())
            heading += QStringLiteral(" (candidate %1)").arg(shortCommit(commit));
        QStringList block { heading, QString() };
        const QString reason = text(r.value(QStringLiteral("reason"))).trimmed();
        block << QStringLiteral("Reason: %1").arg(reason.isEmpty() ? QStringLiteral("(none given)") : reason);
        const QJsonArray comments = r.value(QStringLiteral("comments")).toArray();
        if (!comments.isEmpty()) {
            block << QString() << QStringLiteral("Line comments:");
            for (const QJsonValue &c : comments)
                block << commentText(c.toObject(), commit, files, cache);
        }
        blocks << block.join(u'\n');
    }
    return blocks.join(QStringLiteral("\n\n"));
}

QString ciOutputText(const Work &work)
{
    QString output = text(work.value(QStringLiteral("last_ci_output")));
    while (!output.isEmpty() && output.back().isSpace())
        output.chop(1);
    if (output.trimmed().isEmpty())
        return {};
    QStringList lines = output.split(u'\n');
    qsizetype cut = 0;
    if (lines.size() > CiOutputLines) {
        cut = lines.size() - CiOutputLines;
        lines = lines.mid(cut);
    }
    QString kept = lines.join(u'\n');
    QString note;
    if (kept.size() > CiOutputChars) {
        kept = kept.right(CiOutputChars);
        note = QStringLiteral("[... earlier output cut ...]\n");
    } else if (cut > 0) {
        note = QStringLiteral("[... %1 earlier lines cut ...]\n").arg(cut);
    }
    return note + kept;
}

using Values = QHash<QString, std::function<QString()>>;

Values values(const Work &work, const PromptBuilder::FileReader &files, const QString &candidateDiff)
{
    return {
        { QStringLiteral("role"), [&work] { return work.field(QStringLiteral("role")); } },
        { QStringLiteral("phase_id"), [&work] { return work.phaseField(QStringLiteral("phase_id")); } },
        { QStringLiteral("phase_name"), [&work] { return work.phaseField(QStringLiteral("name")); } },
        { QStringLiteral("description"), [&work] { return work.phaseField(QStringLiteral("description")).trimmed(); } },
        { QStringLiteral("task_category"), [&work] { return work.phaseField(QStringLiteral("task_category")); } },
        { QStringLiteral("complexity"), [&work] { return work.phaseField(QStringLiteral("complexity")); } },
        { QStringLiteral("builder_mode"), [&work] { return work.phaseField(QStringLiteral("builder_mode")); } },
        { QStringLiteral("run_id"), [&work] { return work.phaseField(QStringLiteral("run_id")); } },
        { QStringLiteral("run_name"),
            [&work] {
                return firstNonEmpty(
                    { work.value(QStringLiteral("run_name")), work.phaseField(QStringLiteral("run_id")) });
            } },
        { QStringLiteral("tier_id"), [&work] { return work.phaseField(QStringLiteral("tier_id")); } },
        { QStringLiteral("tier_name"),
            [&work] {
                return firstNonEmpty(
                    { work.value(QStringLiteral("tier_name")), work.phaseField(QStringLiteral("tier_id")) });
            } },
        { QStringLiteral("attempt"), [&work] { return work.nextAttempt(QStringLiteral("builder_attempts")); } },
        { QStringLiteral("max_attempts"), [&work] { return work.phaseField(QStringLiteral("max_builder_attempts")); } },
        { QStringLiteral("auditor_attempt"), [&work] { return work.nextAttempt(QStringLiteral("auditor_attempts")); } },
        { QStringLiteral("max_auditor_attempts"),
            [&work] { return work.phaseField(QStringLiteral("max_auditor_attempts")); } },
        { QStringLiteral("safety_profile"), [&work] { return work.strategyField(QStringLiteral("safety_profile")); } },
        { QStringLiteral("run_scope"), [&work] { return work.strategyField(QStringLiteral("run_scope")); } },
        { QStringLiteral("scope"), [&work] { return scopeText(work); } },
        { QStringLiteral("protected_paths"), [&work] { return protectedPathsText(work); } },
        { QStringLiteral("budget"), [&work] { return budgetText(work); } },
        { QStringLiteral("base_commit"), [&work] { return work.field(QStringLiteral("base_commit")); } },
        { QStringLiteral("candidate_commit"), [&work] { return work.field(QStringLiteral("candidate_commit")); } },
        { QStringLiteral("rejections"), [&work, &files] { return rejectionsText(work, files); } },
        { QStringLiteral("ci_output"), [&work] { return ciOutputText(work); } },
        { QStringLiteral("review_focus"), [&work] { return work.field(QStringLiteral("review_focus")).trimmed(); } },
        { QStringLiteral("audit_reason"), [&work] { return work.field(QStringLiteral("audit_reason")).trimmed(); } },
        { QStringLiteral("candidate_diff"),
            [&candidateDiff] {
                QString diff = candidateDiff;
                while (!diff.isEmpty() && diff.back().isSpace())
                    diff.chop(1);
                return diff;
            } },
        { QStringLiteral("verdict_schema"), [] { return AuditorVerdict::schemaText(); } },
    };
}

struct Token {
    enum Kind { Text, Value, Section, Inverted, Close, Comment };
    Kind kind = Text;
    QString text; // Text: the literal; otherwise the placeholder's name
    int line = 0; // 1-based, of the tag
};

bool blank(const QString &s, qsizetype from, qsizetype to)
{
    for (qsizetype i = from; i < to; ++i) {
        if (s.at(i) != u' ' && s.at(i) != u'\t' && s.at(i) != u'\r')
            return false;
    }
    return true;
}

// Splits the template into literals and tags. A block or comment tag alone on its line
// takes the whole line with it, so that hidden blocks leave no blank lines behind.
std::expected<std::vector<Token>, QString> tokenize(const QString &tpl)
{
    std::vector<Token> tokens;
    qsizetype literalStart = 0;
    qsizetype pos = 0;
    int line = 1;
    qsizetype lineCountedTo = 0;
    const auto lineAt = [&](qsizetype at) {
        line += int(QStringView(tpl).mid(lineCountedTo, at - lineCountedTo).count(u'\n'));
        lineCountedTo = at;
        return line;
    };
    while ((pos = tpl.indexOf(QStringLiteral("{{"), pos)) >= 0) {
        const int tagLine = lineAt(pos);
        const qsizetype close = tpl.indexOf(QStringLiteral("}}"), pos + 2);
        if (close < 0)
            return std::unexpected(QStringLiteral("unclosed {{ on line %1").arg(tagLine));
        QString inner = tpl.mid(pos + 2, close - pos - 2).trimmed();
        Token tag;
        tag.line = tagLine;
        tag.kind = Token::Value;
        if (inner.startsWith(u'#'))
            tag.kind = Token::Section;
        else if (inner.startsWith(u'^'))
            tag.kind = Token::Inverted;
        else if (inner.startsWith(u'/'))
            tag.kind = Token::Close;
        else if (inner.startsWith(u'!'))
            tag.kind = Token::Comment;
        tag.text = (tag.kind == Token::Value ? inner : inner.mid(1)).trimmed();
        if (tag.text.isEmpty() && tag.kind != Token::Comment)
            return std::unexpected(
                QStringLiteral("empty placeholder {{%1}} on line %2").arg(inner, QString::number(tagLine)));

        qsizetype cutFrom = pos;
        qsizetype resumeAt = close + 2;
        if (tag.kind != Token::Value) {
            const qsizetype lineStart = pos == 0 ? 0 : tpl.lastIndexOf(u'\n', pos - 1) + 1;
            qsizetype lineEnd = tpl.indexOf(u'\n', resumeAt);
            if (lineEnd < 0)
                lineEnd = tpl.size();
            if (lineStart >= literalStart && blank(tpl, lineStart, pos) && blank(tpl, resumeAt, lineEnd)) {
                cutFrom = lineStart;
                resumeAt = std::min(lineEnd + 1, tpl.size());
            }
        }
        if (cutFrom > literalStart)
            tokens.push_back(Token { Token::Text, tpl.mid(literalStart, cutFrom - literalStart), tagLine });
        tokens.push_back(tag);
        literalStart = pos = resumeAt;
    }
    if (literalStart < tpl.size())
        tokens.push_back(Token { Token::Text, tpl.mid(literalStart), line });
    return tokens;
}

// Every name known and every block closed by its own name.
std::optional<QString> check(const std::vector<Token> &tokens, const QStringList &known)
{
    std::vector<const Token *> open;
    for (const Token &t : tokens) {
        if (t.kind == Token::Text || t.kind == Token::Comment)
            continue;
        if (!known.contains(t.text))
            return QStringLiteral("unknown placeholder {{%1}} on line %2").arg(t.text, QString::number(t.line));
        if (t.kind == Token::Section || t.kind == Token::Inverted) {
            open.push_back(&t);
        } else if (t.kind == Token::Close) {
            if (open.empty())
                return QStringLiteral("{{/%1}} on line %2 closes no block").arg(t.text, QString::number(t.line));
            if (open.back()->text != t.text) {
                return QStringLiteral("{{/%1}} on line %2 closes {{#%3}} of line %4")
                    .arg(t.text, QString::number(t.line), open.back()->text, QString::number(open.back()->line));
            }
            open.pop_back();
        }
    }
    if (!open.empty())
        return QStringLiteral("{{#%1}} on line %2 is never closed (no {{/%1}})")
            .arg(open.back()->text, QString::number(open.back()->line));
    return std::nullopt;
}

} // namespace

QString PromptBuilder::defaultTemplate(const QString &role)
{
    if (role == QLatin1String("builder"))
        return BuilderTemplate;
    if (role == QLatin1String("auditor"))
        return AuditorTemplate;
    return {};
}

QStringList PromptBuilder::placeholders()
{
    static const QStringList names = [] {
        const Work none { QJsonObject() };
        QStringList keys = values(none, {}, {}).keys();
        keys.sort();
        return keys;
    }();
    return names;
}

std::expected<QString, QString> PromptBuilder::render(
    const QString &templateText, const QJsonObject &work, const FileReader &files, const QString &candidateDiff)
{
    auto tokens = tokenize(templateText);
    if (!tokens)
        return std::unexpected(tokens.error());
    if (auto error = check(*tokens, placeholders()))
        return std::unexpected(*error);

    const Work input(work);
    const Values producers = values(input, files, candidateDiff);
    QHash<QString, QString> computed; // each value once, and only those the template names
    const auto value = [&](const QString &name) -> const QString & {
        auto it = computed.find(name);
        if (it == computed.end())
            it = computed.insert(name, producers.value(name)());
        return *it;
    };

    QString out;
    std::vector<bool> shown; // per open block: whether its contents are rendered
    const auto visible = [&shown] { return std::all_of(shown.cbegin(), shown.cend(), [](bool b) { return b; }); };
    for (const Token &t : *tokens) {
        switch (t.kind) {
        case Token::Text:
            if (visible())
                out += t.text;
            break;
        case Token::Value:
            if (visible())
                out += value(t.text);
            break;
        case Token::Section:
            shown.push_back(!value(t.text).trimmed().isEmpty());
            break;
        case Token::Inverted:
            shown.push_back(value(t.text).trimmed().isEmpty());
            break;
        case Token::Close:
            shown.pop_back();
            break;
        case Token::Comment:
            break;
        }
    }
    return out;
}

QString PromptBuilder::projectTemplatePath(const QString &role)
{
    if (role == QLatin1String("builder") || role == QLatin1String("auditor"))
        return QStringLiteral(".autopack/prompt-%1.md").arg(role);
    return {};
}

} // namespace Autopack::Agent
