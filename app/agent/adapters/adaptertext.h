#pragma once

// Small pure helpers the adapters share to turn CLI output into bounded event text.

#include <QByteArrayView>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace Autopack::Agent::AdapterText {

// `text` cut to at most `limit` characters plus a marker naming how much was cut; never
// splits a surrogate pair.
QString shorten(const QString &text, qsizetype limit);

// One line of a JSON-lines stream as an object; nullopt for anything else (banners,
// warnings some CLIs print on stdout, truncated lines).
std::optional<QJsonObject> parseObject(QByteArrayView line);

QString compactJson(const QJsonValue &value);

// A tool's input as a person reads it: the fields that say what it does (command,
// file path, pattern, url, query, description) as "key: value" lines; the compact JSON
// when it has none of them. File contents and patches are left out on purpose.
QString toolInputSummary(const QJsonObject &input);

// Text of a tool result or message content that is a string, an array of text blocks
// ({"type":"text","text":...}) or anything else (as compact JSON).
QString contentText(const QJsonValue &content);

// Whether an error text of a CLI speaks of a rate limit, usage window or quota
// (429, RESOURCE_EXHAUSTED, "usage limit", "Too Many Requests", ...).
bool looksRateLimited(const QString &text);

// The last non-blank line of `text`, trimmed.
QString lastLine(const QString &text);

// A JSON number or numeric string as an integer (0 otherwise).
qint64 integer(const QJsonValue &value);

} // namespace Autopack::Agent::AdapterText
