#include "statestyle.h"

#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace Autopack::Ui {

Tone toneOf(RunState state)
{
    switch (state) {
    case RunState::PlanBootstrap:
    case RunState::RunCreated:
    case RunState::PhaseQueueing:
        return Tone::Idle;
    case RunState::PhaseExecution:
    case RunState::CiRunning:
    case RunState::SnapshotCreated:
        return Tone::Active;
    case RunState::Gate:
        return Tone::Waiting;
    case RunState::DoneSuccess:
        return Tone::Good;
    case RunState::DoneFailedCancelled:
        return Tone::Skipped;
    case RunState::DoneFailedBudgetExhausted:
    case RunState::DoneFailedPolicyViolation:
    case RunState::DoneFailedRequiresHumanReview:
    case RunState::DoneFailedEnvironment:
        return Tone::Bad;
    }
    return Tone::Idle;
}

Tone toneOf(TierState state)
{
    switch (state) {
    case TierState::Pending:
        return Tone::Idle;
    case TierState::InProgress:
        return Tone::Active;
    case TierState::Complete:
        return Tone::Good;
    case TierState::Failed:
        return Tone::Bad;
    case TierState::Skipped:
        return Tone::Skipped;
    }
    return Tone::Idle;
}

Tone toneOf(PhaseState state)
{
    switch (state) {
    case PhaseState::Queued:
        return Tone::Idle;
    case PhaseState::Executing:
    case PhaseState::CiRunning:
        return Tone::Active;
    case PhaseState::Gate:
        return Tone::Waiting;
    case PhaseState::Complete:
        return Tone::Good;
    case PhaseState::Failed:
        return Tone::Bad;
    case PhaseState::Skipped:
        return Tone::Skipped;
    }
    return Tone::Idle;
}

bool isDarkPalette(const QPalette &palette) { return palette.color(QPalette::Base).lightness() < 128; }

QColor toneColor(Tone tone, const QPalette &palette)
{
    const bool dark = isDarkPalette(palette);
    // Pairs chosen for at least 4.5:1 contrast against white (light) and #202020 (dark).
    switch (tone) {
    case Tone::Idle:
        return dark ? QColor(0xb0, 0xb8, 0xc4) : QColor(0x55, 0x5f, 0x6d);
    case Tone::Active:
        return dark ? QColor(0x6c, 0xb4, 0xff) : QColor(0x0b, 0x5c, 0xad);
    case Tone::Waiting:
        return dark ? QColor(0xff, 0xc1, 0x4d) : QColor(0x9a, 0x5b, 0x00);
    case Tone::Good:
        return dark ? QColor(0x6f, 0xd3, 0x86) : QColor(0x1a, 0x7f, 0x37);
    case Tone::Bad:
        return dark ? QColor(0xff, 0x7b, 0x72) : QColor(0xb3, 0x1d, 0x28);
    case Tone::Skipped:
        return dark ? QColor(0x9d, 0xa5, 0xb0) : QColor(0x6e, 0x76, 0x81);
    }
    return palette.color(QPalette::Text);
}

namespace {

QPixmap drawTone(Tone tone, const QColor &color, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    const QRectF circle(s * 0.08, s * 0.08, s * 0.84, s * 0.84);
    QPen pen(color, std::max(1.5, s / 9));
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    switch (tone) {
    case Tone::Idle:
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(circle.adjusted(s * 0.06, s * 0.06, -s * 0.06, -s * 0.06));
        break;
    case Tone::Active: {
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(circle);
        QPainterPath play;
        play.moveTo(s * 0.40, s * 0.28);
        play.lineTo(s * 0.72, s * 0.50);
        play.lineTo(s * 0.40, s * 0.72);
        play.closeSubpath();
        p.setBrush(Qt::white);
        p.drawPath(play);
        break;
    }
    case Tone::Waiting: {
        // A rounded square with a pause sign: "waiting for someone".
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawRoundedRect(circle, s * 0.18, s * 0.18);
        p.setBrush(Qt::white);
        p.drawRect(QRectF(s * 0.33, s * 0.28, s * 0.12, s * 0.44));
        p.drawRect(QRectF(s * 0.55, s * 0.28, s * 0.12, s * 0.44));
        break;
    }
    case Tone::Good:
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(circle.adjusted(s * 0.04, s * 0.04, -s * 0.04, -s * 0.04));
        p.drawPolyline(
            QPolygonF({ QPointF(s * 0.30, s * 0.52), QPointF(s * 0.45, s * 0.67), QPointF(s * 0.72, s * 0.36) }));
        break;
    case Tone::Bad:
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        p.drawEllipse(circle);
        pen.setColor(Qt::white);
        p.setPen(pen);
        p.drawLine(QPointF(s * 0.34, s * 0.34), QPointF(s * 0.66, s * 0.66));
        p.drawLine(QPointF(s * 0.66, s * 0.34), QPointF(s * 0.34, s * 0.66));
        break;
    case Tone::Skipped:
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(circle.adjusted(s * 0.06, s * 0.06, -s * 0.06, -s * 0.06));
        p.drawLine(QPointF(s * 0.32, s * 0.5), QPointF(s * 0.68, s * 0.5));
        break;
    }
    return pixmap;
}

} // namespace

QIcon toneIcon(Tone tone, const QPalette &palette, int size)
{
    static QHash<quint64, QIcon> cache;
    const bool dark = isDarkPalette(palette);
    const quint64 key = (quint64(tone) << 32) | (quint64(size) << 1) | (dark ? 1 : 0);
    auto it = cache.constFind(key);
    if (it != cache.constEnd())
        return *it;
    QIcon icon(drawTone(tone, toneColor(tone, palette), size));
    cache.insert(key, icon);
    return icon;
}

} // namespace Autopack::Ui
