#include "auditorverdict.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

#include <optional>

namespace Autopack::Agent {

namespace {

using Result = std::expected<QJsonValue, QString>;

// How a wrong value is quoted in an error: strings in quotes, the rest by kind or as JSON.
QString shown(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: {
        const QString s = value.toString();
        return u'"' + (s.size() > 60 ? QString(s.left(60) + u'…') : s) + u'"';
    }
    case QJsonValue::Double:
        return QString::number(value.toDouble());
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString wrong(const QString &path, const QString &expected, const QJsonValue &got)
{
    return QStringLiteral("%1: expected %2, got %3").arg(path, expected, shown(got));
}

QString join(const QString &path, const QString &key) { return path.isEmpty() ? key : path + u'.' + key; }

// A string field: absent or null gives `fallback` (nullopt: required).
std::expected<QString, QString> stringField(
    const QJsonObject &object, const QString &path, const QString &key, const std::optional<QString> &fallback)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull()) {
        if (fallback)
            return *fallback;
        return std::unexpected(QStringLiteral("%1: required").arg(join(path, key)));
    }
    if (!value.isString())
        return std::unexpected(wrong(join(path, key), QStringLiteral("a string"), value));
    return value.toString();
}

std::expected<QString, QString> choiceField(
    const QJsonObject &object, const QString &path, const QString &key, const QStringList &choices)
{
    const QJsonValue value = object.value(key);
    QStringList quoted;
    for (const QString &c : choices)
        quoted << u'"' + c + u'"';
    const QString expected = quoted.size() == 2
        ? quoted.join(QStringLiteral(" or "))
        : quoted.mid(0, quoted.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") + quoted.last();
    if (value.isUndefined())
        return std::unexpected(QStringLiteral("%1: required (%2)").arg(join(path, key), expected));
    // Agents capitalise and pad now and then; the meaning is not in doubt.
    const QString normalised = value.toString().trimmed().toLower();
    if (!value.isString() || !choices.contains(normalised))
        return std::unexpected(wrong(join(path, key), expected, value));
    return normalised;
}

std::expected<QJsonArray, QString> arrayField(const QJsonObject &object, const QString &path, const QString &key)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return QJsonArray();
    if (!value.isArray())
        return std::unexpected(wrong(join(path, key), QStringLiteral("an array"), value));
    return value.toArray();
}

QString indexed(const QString &path, qsizetype i) { return QStringLiteral("%1[%2]").arg(path).arg(i); }

std::expected<QJsonArray, QString> evidenceRefs(const QJsonObject &issue, const QString &path)
{
    static const QRegularExpression pathLine(QStringLiteral("^\\S.*:[1-9][0-9]*$"));
    const QString refsPath = join(path, QStringLiteral("evidence_refs"));
    QJsonValue value = issue.value(QStringLiteral("evidence_refs"));
    // One reference on its own is accepted as the server accepts it.
    if (value.isString())
        value = QJsonArray { value };
    auto refs
        = arrayField(QJsonObject { { QStringLiteral("evidence_refs"), value } }, path, QStringLiteral("evidence_refs"));
    if (!refs)
        return refs;
    QJsonArray out;
    for (qsizetype i = 0; i < refs->size(); ++i) {
        const QJsonValue ref = refs->at(i);
        const QString text = ref.toString().trimmed();
        if (!ref.isString() || !pathLine.match(text).hasMatch())
            return std::unexpected(wrong(indexed(refsPath, i), QStringLiteral("\"path:line\""), ref));
        out.append(text);
    }
    return out;
}

std::expected<QJsonObject, QString> issue(const QJsonValue &value, const QString &path)
{
    if (!value.isObject())
        return std::unexpected(wrong(path, QStringLiteral("an object"), value));
    const QJsonObject o = value.toObject();
    auto key = stringField(o, path, QStringLiteral("issue_key"), std::nullopt);
    if (!key)
        return std::unexpected(key.error());
    if (key->trimmed().isEmpty())
        return std::unexpected(wrong(join(path, QStringLiteral("issue_key")), QStringLiteral("a non-empty string"),
            o.value(QStringLiteral("issue_key"))));
    auto severity
        = choiceField(o, path, QStringLiteral("severity"), { QStringLiteral("minor"), QStringLiteral("major") });
    if (!severity)
        return std::unexpected(severity.error());
    auto description = stringField(o, path, QStringLiteral("description"), QString());
    if (!description)
        return std::unexpected(description.error());
    auto category = stringField(o, path, QStringLiteral("category"), QStringLiteral("review"));
    if (!category)
        return std::unexpected(category.error());
    auto source = stringField(o, path, QStringLiteral("source"), QStringLiteral("auditor"));
    if (!source)
        return std::unexpected(source.error());
    auto refs = evidenceRefs(o, path);
    if (!refs)
        return std::unexpected(refs.error());
    return QJsonObject {
        { QStringLiteral("issue_key"), key->trimmed() },
        { QStringLiteral("severity"), *severity },
        { QStringLiteral("description"), *description },
        { QStringLiteral("category"), category->trimmed().isEmpty() ? QStringLiteral("review") : *category },
        { QStringLiteral("source"), source->trimmed().isEmpty() ? QStringLiteral("auditor") : *source },
        { QStringLiteral("evidence_refs"), *refs },
    };
}

std::expected<QJsonObject, QString> patch(const QJsonValue &value, const QString &path)
{
    if (!value.isObject())
        return std::unexpected(wrong(path, QStringLiteral("an object"), value));
    const QJsonObject o = value.toObject();
    auto description = stringField(o, path, QStringLiteral("description"), QString());
    if (!description)
        return std::unexpected(description.error());
    auto content = stringField(o, path, QStringLiteral("patch_content"), std::nullopt);
    if (!content)
        return std::unexpected(content.error());
    if (content->trimmed().isEmpty())
        return std::unexpected(wrong(join(path, QStringLiteral("patch_content")),
            QStringLiteral("a non-empty unified diff"), o.value(QStringLiteral("patch_content"))));
    auto files = arrayField(o, path, QStringLiteral("files_affected"));
    if (!files)
        return std::unexpected(files.error());
    for (qsizetype i = 0; i < files->size(); ++i) {
        if (!files->at(i).isString() || files->at(i).toString().trimmed().isEmpty())
            return std::unexpected(wrong(
                indexed(join(path, QStringLiteral("files_affected")), i), QStringLiteral("a path"), files->at(i)));
    }
    return QJsonObject {
        { QStringLiteral("description"), *description },
        { QStringLiteral("patch_content"), *content },
        { QStringLiteral("files_affected"), *files },
    };
}

std::expected<QJsonObject, QString> validate(const QJsonObject &o)
{
    auto recommendation = choiceField(o, QString(), QStringLiteral("recommendation"),
        { QStringLiteral("approve"), QStringLiteral("revise"), QStringLiteral("escalate") });
    if (!recommendation)
        return std::unexpected(recommendation.error());

    const QJsonValue confidence = o.value(QStringLiteral("confidence"));
    if (confidence.isUndefined())
        return std::unexpected(QStringLiteral("confidence: required (a number from 0 to 1)"));
    if (!confidence.isDouble() || confidence.toDouble() < 0.0 || confidence.toDouble() > 1.0)
        return std::unexpected(wrong(QStringLiteral("confidence"), QStringLiteral("a number from 0 to 1"), confidence));

    auto notes = stringField(o, QString(), QStringLiteral("review_notes"), QString());
    if (!notes)
        return std::unexpected(notes.error());

    auto issues = arrayField(o, QString(), QStringLiteral("issues_found"));
    if (!issues)
        return std::unexpected(issues.error());
    QJsonArray issuesOut;
    for (qsizetype i = 0; i < issues->size(); ++i) {
        auto one = issue(issues->at(i), indexed(QStringLiteral("issues_found"), i));
        if (!one)
            return std::unexpected(one.error());
        issuesOut.append(*one);
    }

    auto patches = arrayField(o, QString(), QStringLiteral("suggested_patches"));
    if (!patches)
        return std::unexpected(patches.error());
    QJsonArray patchesOut;
    for (qsizetype i = 0; i < patches->size(); ++i) {
        auto one = patch(patches->at(i), indexed(QStringLiteral("suggested_patches"), i));
        if (!one)
            return std::unexpected(one.error());
        patchesOut.append(*one);
    }

    return QJsonObject {
        { QStringLiteral("recommendation"), *recommendation },
        { QStringLiteral("confidence"), confidence.toDouble() },
        { QStringLiteral("review_notes"), *notes },
        { QStringLiteral("issues_found"), issuesOut },
        { QStringLiteral("suggested_patches"), patchesOut },
    };
}

std::optional<QJsonObject> parseObject(QStringView text, QString *error = nullptr)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = QStringLiteral("%1 at offset %2").arg(parseError.errorString()).arg(parseError.offset);
        return std::nullopt;
    }
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("the JSON is not an object");
        return std::nullopt;
    }
    return doc.object();
}

// The index of the '}' closing the '{' at `open`, or -1. Quotes count only inside the
// braces: prose around the object ("it's") must not start a string.
qsizetype matchingBrace(QStringView text, qsizetype open)
{
    int depth = 0;
    bool inString = false;
    for (qsizetype i = open; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (inString) {
            if (c == u'\\')
                ++i;
            else if (c == u'"')
                inString = false;
        } else if (c == u'"') {
            inString = true;
        } else if (c == u'{') {
            ++depth;
        } else if (c == u'}' && --depth == 0) {
            return i;
        }
    }
    return -1;
}

// The last top-level {...} in the text that parses as a JSON object. A '{' that opens
// nothing parseable is prose; the search goes on right after it.
std::optional<QJsonObject> lastBalancedObject(QStringView text)
{
    std::optional<QJsonObject> last;
    qsizetype pos = 0;
    while ((pos = text.indexOf(u'{', pos)) >= 0) {
        const qsizetype close = matchingBrace(text, pos);
        if (close >= 0) {
            if (auto object = parseObject(text.mid(pos, close - pos + 1))) {
                last = std::move(object);
                pos = close + 1;
                continue;
            }
        }
        ++pos;
    }
    return last;
}

} // namespace

std::expected<AuditorVerdict, QString> AuditorVerdict::parse(const QString &finalMessage)
{
    if (finalMessage.trimmed().isEmpty())
        return std::unexpected(QStringLiteral("the final message is empty: expected one JSON verdict object"));

    std::optional<QJsonObject> found;
    QString fenceError;
    static const QRegularExpression fence(QStringLiteral("```[ \\t]*json[ \\t]*\\r?\\n(.*?)```"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    QString lastFence;
    bool hasFence = false;
    for (auto it = fence.globalMatch(finalMessage); it.hasNext();) {
        lastFence = it.next().captured(1);
        hasFence = true;
    }
    if (hasFence)
        found = parseObject(lastFence, &fenceError);
    if (!found)
        found = lastBalancedObject(finalMessage);
    QString wholeError;
    if (!found)
        found = parseObject(finalMessage, &wholeError);
    if (!found) {
        return std::unexpected(hasFence
                ? QStringLiteral("the last ```json block of the final message is not a JSON object: %1").arg(fenceError)
                : QStringLiteral("no JSON verdict object in the final message (%1)").arg(wholeError));
    }
    auto body = validate(*found);
    if (!body)
        return std::unexpected(body.error());
    return AuditorVerdict { *body };
}

QString AuditorVerdict::schemaText()
{
    return QStringLiteral(
        R"(Answer with exactly one JSON object, bare or in a ```json fence, as the last thing in your final message. Fields:
- "recommendation" (required): "approve" (the change meets the specification and may go on), "revise" (the builder must change it: list why in issues_found) or "escalate" (a human has to decide).
- "confidence" (required): a number from 0 to 1, how sure you are of the recommendation.
- "review_notes": a string, your review in a few sentences.
- "issues_found": an array of issues, each {"issue_key": a short stable kebab-case name of the problem (required), "severity": "minor" or "major" (required), "description": what is wrong and why, "category": e.g. "correctness", "tests", "scope" (default "review"), "evidence_refs": ["path:line", ...]}.
- "suggested_patches": an array of {"description": what it fixes, "patch_content": a unified diff against the candidate (required), "files_affected": ["path", ...]}.
Example:
```json
{
  "recommendation": "revise",
  "confidence": 0.8,
  "review_notes": "The parser change is right, but the error path has no test.",
  "issues_found": [
    {"issue_key": "parser-error-path-untested", "severity": "minor", "description": "parse() returning an error is never exercised.", "category": "tests", "evidence_refs": ["src/parser.cpp:42"]}
  ],
  "suggested_patches": []
}
```)");
}

} // namespace Autopack::Agent
