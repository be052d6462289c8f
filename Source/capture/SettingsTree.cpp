#include "capture/SettingsTree.h"

namespace wavelift::capture
{
namespace
{
    const juce::Identifier formatProperty{ "format" }, bitsProperty{ "bits" }, flacLevelProperty{ "flacLevel" },
        ditherProperty{ "dither" }, followTransportProperty{ "followTransport" };
} // namespace

void writeSettingsTree (juce::ValueTree& tree, const CaptureSettings& settings)
{
    tree.setProperty (formatProperty, formatName (settings.format), nullptr);
    tree.setProperty (bitsProperty, settings.bitDepth, nullptr);
    tree.setProperty (flacLevelProperty, settings.flacLevel, nullptr);
    tree.setProperty (ditherProperty, settings.dither, nullptr);
    tree.setProperty (followTransportProperty, settings.followTransport, nullptr);
}

CaptureSettings readSettingsTree (const juce::ValueTree& tree)
{
    const CaptureSettings defaults;
    CaptureSettings settings;
    settings.format =
        formatFromName (tree.getProperty (formatProperty, "").toString().toStdString()).value_or (defaults.format);
    settings.bitDepth = tree.getProperty (bitsProperty, defaults.bitDepth);
    settings.flacLevel = tree.getProperty (flacLevelProperty, defaults.flacLevel);
    settings.dither = tree.getProperty (ditherProperty, defaults.dither);
    settings.followTransport = tree.getProperty (followTransportProperty, defaults.followTransport);
    return settings.isValid() ? settings : defaults;
}
} // namespace wavelift::capture
