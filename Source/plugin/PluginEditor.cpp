#include "plugin/PluginEditor.h"

namespace wavelift
{
ui::EditorContext WaveliftEditor::contextFor (WaveliftProcessor& p)
{
    return { p.captureEngine(),
             p.takeLibrary(),
             p.previewPlayer(),
             p.getState(),
             WaveliftProcessor::previewGainId,
             [&p] { return p.captureSettings(); },
             [&p] (const capture::CaptureSettings& settings) { p.setCaptureSettings (settings); },
             [&p] { return p.isNonRealtime(); },
             [&p] { return p.previewReplacesInput(); },
             [&p] (bool replace) { p.setPreviewReplacesInput (replace); },
             p.wrapperType == juce::AudioProcessor::wrapperType_Standalone };
}

WaveliftEditor::WaveliftEditor (WaveliftProcessor& p)
    : AudioProcessorEditor (p)
    , main (contextFor (p))
{
    setTitle ("Wavelift");
    addAndMakeVisible (main);
    setResizable (true, true);
    setResizeLimits (minimumWidth, minimumHeight, 4 * minimumWidth, 4 * minimumHeight);
    setSize (900, 600);
}

WaveliftEditor::~WaveliftEditor() = default;

void WaveliftEditor::paint (juce::Graphics& g) { g.fillAll (ui::palette::background); }

void WaveliftEditor::resized() { main.setBounds (getLocalBounds()); }
} // namespace wavelift
