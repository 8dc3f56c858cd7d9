#pragma once

// How the window writes usage for people: tokens with the agents' cost beside them when
// they reported one ("12,345 tokens · $0.42"). One place, so the details, the run tree
// and the board say it alike.

#include <QString>

namespace Autopack::Ui::UsageText {

// "$0.42", "$0.042", in the user's locale's number format. Dollars: what agents report.
QString cost(double usd);
// Cents at most, for where room is short: "$0.04", "<$0.01", "$123".
QString shortCost(double usd);
// `tokens` (already formatted) followed by " · $0.42" when usd > 0, else `tokens` alone.
QString withCost(const QString &tokens, double usd);
// "12,345 tokens · $0.42" (or "12,345 tokens").
QString tokens(qint64 tokens, double usd);

} // namespace Autopack::Ui::UsageText
