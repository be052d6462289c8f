#pragma once

#include "capture/CaptureEngine.h"
#include "capture/TakeLibrary.h"
#include "preview/PreviewPlayer.h"

#include <juce_audio_processors/juce_audio_processors.h>

#include <functional>

namespace wavelift::ui
{
/** What the views need from the processor (the plugin or the standalone's): the UI library never sees the processor
    class itself, so tests and the standalone can hand in the same parts. */
struct EditorContext
{
    capture::CaptureEngine& engine;
    capture::TakeLibrary& library;
    preview::PreviewPlayer& player;
    juce::AudioProcessorValueTreeState& state; // holds the preview gain parameter
    juce::String previewGainParameterId;
    std::function<capture::CaptureSettings()> captureSettings;
    std::function<void (const capture::CaptureSettings&)> setCaptureSettings;
    std::function<bool()> isOfflineRender;
    std::function<bool()> previewReplacesInput;
    std::function<void (bool)> setPreviewReplacesInput;
    /** The standalone app takes audio files dropped on its window as takes; in a DAW, drops belong to the host. */
    bool acceptsFileDrops = false;
};
} // namespace wavelift::ui
