#include "usagetext.h"

#include <QCoreApplication>
#include <QLocale>

namespace Autopack::Ui::UsageText {

QString cost(double usd)
{
    // Cents hide what one cheap attempt cost; three or four places show it. The sign
    // goes first in every locale: these are the agents' dollars, not the user's currency.
    const int precision = usd >= 0.1 ? 2 : usd >= 0.001 ? 3 : 4;
    return QStringLiteral("$") + QLocale().toString(usd, 'f', precision);
}

QString shortCost(double usd)
{
    if (usd > 0 && usd < 0.01)
        return QStringLiteral("<$") + QLocale().toString(0.01, 'f', 2);
    return QStringLiteral("$") + QLocale().toString(usd, 'f', usd >= 100 ? 0 : 2);
}

QString withCost(const QString &tokens, double usd)
{
    if (usd <= 0)
        return tokens;
    return QCoreApplication::translate("Autopack::Ui::UsageText", "%1 · %2").arg(tokens, cost(usd));
}

QString tokens(qint64 tokens, double usd)
{
    return withCost(
        QCoreApplication::translate("Autopack::Ui::UsageText", "%1 tokens").arg(QLocale().toString(tokens)), usd);
}

} // namespace Autopack::Ui::UsageText
