#include "adaptertext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QStringList>

namespace Autopack::Agent::AdapterText {

QString shorten(const QString &text, qsizetype limit)
{
    if (text.size() <= limit)
        return text;
    qsizetype cut = limit;
    if (cut > 0 && text.at(cut - 1).isHighSurrogate())
        --cut;
    return text.left(cut) + QStringLiteral("… [%1 more characters]").arg(text.size() - cut);
}

std::optional<QJsonObject> parseObject(QByteArrayView line)
{
    // Cheap refusal first: a banner line is not worth a parse attempt.
    qsizetype start = 0;
    while (start < line.size() && (line.at(start) == ' ' || line.at(start) == '\t'))
        ++start;
    if (start >= line.size() || line.at(start) != '{')
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

QString compactJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        return QString::number(value.toDouble());
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return {};
    }
    return {};
}

QString toolInputSummary(const QJsonObject &input)
{
    // Claude (command, file_path, pattern, ...), Gemini (absolute_path, dir_path) and
    // OpenCode (filePath) name the same things differently.
    static const QStringList keys { QStringLiteral("command"), QStringLiteral("file_path"), QStringLiteral("filePath"),
        QStringLiteral("absolute_path"), QStringLiteral("notebook_path"), QStringLiteral("path"),
        QStringLiteral("dir_path"), QStringLiteral("pattern"), QStringLiteral("url"), QStringLiteral("query"),
        QStringLiteral("description") };
    QStringList lines;
    for (const QString &key : keys) {
        const QJsonValue v = input.value(key);
        if (v.isString() && !v.toString().isEmpty())
            lines.append(key + QStringLiteral(": ") + v.toString());
    }
    if (!lines.isEmpty())
        return lines.join(QLatin1Char('\n'));
    return compactJson(input);
}

QString contentText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    if (content.isArray()) {
        QStringList parts;
        for (const QJsonValue &block : content.toArray()) {
            const QJsonObject o = block.toObject();
            if (o.value(QStringLiteral("type")).toString() == QLatin1String("text"))
                parts.append(o.value(QStringLiteral("text")).toString());
            else
                parts.append(compactJson(block));
        }
        return parts.join(QLatin1Char('\n'));
    }
    return compactJson(content);
}

bool looksRateLimited(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("rate[ _-]?limit|usage[ _]?limit|session limit|weekly limit|hit your (?:\\w+ )?limit"
                       "|too many requests|resource[ _]exhausted|exhausted your capacity|quota|\\b429\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern.match(text).hasMatch();
}

QString lastLine(const QString &text)
{
    qsizetype end = text.size();
    while (end > 0) {
        const qsizetype start = text.lastIndexOf(QLatin1Char('\n'), end - 1);
        const QString line = text.mid(start + 1, end - start - 1).trimmed();
        if (!line.isEmpty())
            return line;
        if (start < 0)
            break;
        end = start;
    }
    return {};
}

qint64 integer(const QJsonValue &value)
{
    if (value.isDouble())
        return qint64(value.toDouble());
    if (value.isString()) {
        bool ok = false;
        const qint64 n = value.toString().toLongLong(&ok);
        return ok ? n : 0;
    }
    return 0;
}

} // namespace Autopack::Agent::AdapterText
