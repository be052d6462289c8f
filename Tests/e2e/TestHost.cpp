// A minimal plugin host for the e2e tests: loads the built VST3 through JUCE's hosting classes (as a JUCE-based DAW
// does), feeds it silent blocks from a thread of its own, and shows its editor, embedded in a host window, until it is
// killed. Usage: wavelift_test_host PATH/TO/Wavelift.vst3
#include "ui/X11Workarounds.h"

#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_gui_basics/juce_gui_basics.h>

#include <iostream>

namespace
{
/** The host's audio thread: a block of silence every block period, as a DAW's engine with nothing playing. */
class SilentEngine final : public juce::Thread
{
public:
    explicit SilentEngine (juce::AudioPluginInstance& p)
        : juce::Thread ("host audio")
        , plugin (p)
    {
    }
    ~SilentEngine() override { stopThread (2000); }

    void run() override
    {
        juce::AudioBuffer<float> buffer (2, blockSize);
        juce::MidiBuffer midi;
        while (!threadShouldExit())
        {
            buffer.clear();
            plugin.processBlock (buffer, midi);
            wait (blockSize * 1000 / (int) sampleRate);
        }
    }

    static constexpr double sampleRate = 48000.0;
    static constexpr int blockSize = 512;

private:
    juce::AudioPluginInstance& plugin;
};

class HostWindow final : public juce::DocumentWindow
{
public:
    explicit HostWindow (juce::AudioProcessorEditor& editor)
        : juce::DocumentWindow ("Wavelift in a host", juce::Colours::darkgrey, juce::DocumentWindow::allButtons)
    {
        setUsingNativeTitleBar (false);
        setContentNonOwned (&editor, true);
        setTopLeftPosition (20, 20);
        setVisible (true);
    }
    void closeButtonPressed() override { juce::JUCEApplicationBase::quit(); }
};
} // namespace

int main (int argc, char* argv[])
{
    if (argc != 2)
    {
        std::cerr << "usage: wavelift_test_host PATH/TO/Wavelift.vst3\n";
        return 2;
    }
    wavelift::ui::ensureWindowManagerAtomsExist(); // Xvfb has no window manager
    const juce::ScopedJuceInitialiser_GUI gui;

    juce::AudioPluginFormatManager formats;
    formats.addFormat (new juce::VST3PluginFormat());
    juce::OwnedArray<juce::PluginDescription> types;
    formats.getFormat (0)->findAllTypesForFile (types, juce::String (argv[1]));
    if (types.isEmpty())
    {
        std::cerr << "no VST3 plugin in " << argv[1] << "\n";
        return 1;
    }
    juce::String error;
    auto plugin = formats.createPluginInstance (*types[0], SilentEngine::sampleRate, SilentEngine::blockSize, error);
    if (plugin == nullptr)
    {
        std::cerr << "cannot load the plugin: " << error << "\n";
        return 1;
    }
    plugin->prepareToPlay (SilentEngine::sampleRate, SilentEngine::blockSize);
    SilentEngine engine (*plugin);
    engine.startThread();

    std::unique_ptr<juce::AudioProcessorEditor> editor (plugin->createEditorIfNeeded());
    if (editor == nullptr)
    {
        std::cerr << "the plugin has no editor\n";
        return 1;
    }
    {
        HostWindow window (*editor);
        std::cout << "ready" << std::endl;
        juce::MessageManager::getInstance()->runDispatchLoop();
        window.clearContentComponent();
    }
    editor.reset();
    engine.stopThread (2000);
    plugin->releaseResources();
    return 0;
}
