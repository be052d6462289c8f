#pragma once

#include "capture/CaptureSettings.h"

#include <juce_data_structures/juce_data_structures.h>

namespace wavelift::capture
{
/** Capture settings as one child of the plugin's state tree ("Capture", one property per setting), so they travel
    with the project without being host-automatable parameters. The plugin reads and writes it; a host that restores
    a project (the CLI's render) edits the same child. */
inline const juce::Identifier settingsTreeType{ "Capture" };

void writeSettingsTree (juce::ValueTree& tree, const CaptureSettings& settings);

/** The settings the tree holds; anything missing or invalid falls back to the defaults. */
CaptureSettings readSettingsTree (const juce::ValueTree& tree);
} // namespace wavelift::capture
