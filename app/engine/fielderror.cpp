#include "fielderror.h"

namespace Autopack::Engine {

QString FieldError::toString() const
{
    return path + QStringLiteral(": ") + message;
}

namespace {
bool isIdentifier(const QString &key)
{
    if (key.isEmpty() || key.front().isDigit())
        return false;
    for (QChar c : key) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'_')
            return false;
    }
    return true;
}
} // namespace

QString jsonPathKey(const QString &path, const QString &key)
{
    if (isIdentifier(key))
        return path + u'.' + key;
    QString escaped = key;
    escaped.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
    return path + QStringLiteral("[\"") + escaped + QStringLiteral("\"]");
}

QString jsonPathIndex(const QString &path, qsizetype index)
{
    return path + u'[' + QString::number(index) + u']';
}

} // namespace Autopack::Engine
