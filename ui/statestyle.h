#pragma once

// How a state looks: a tone (waiting, active, good, bad, ...), a colour for that tone
// that stays readable on the current palette (light or dark), and an icon whose
// *shape* also tells the tone, so nothing depends on colour alone.

#include "domain.h"

#include <QColor>
#include <QIcon>
#include <QPalette>

namespace Autopack::Ui {

enum class Tone {
    Idle, // queued, pending, created: hollow circle
    Active, // executing, CI running: filled circle with a play triangle
    Waiting, // at a gate: hourglass-like double bar on amber
    Good, // complete, success: check mark
    Bad, // failed: cross
    Skipped, // skipped, cancelled by nobody's fault: dash
};

Tone toneOf(RunState state);
Tone toneOf(TierState state);
Tone toneOf(PhaseState state);

// The tone's colour, darker on light palettes and lighter on dark ones so its
// contrast against the base colour stays about the same.
QColor toneColor(Tone tone, const QPalette &palette = {});
bool isDarkPalette(const QPalette &palette);

// An icon of `size` pixels drawn for the tone (cached per tone, size and palette kind).
QIcon toneIcon(Tone tone, const QPalette &palette = {}, int size = 16);

} // namespace Autopack::Ui
