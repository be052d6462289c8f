// render: hosts a built plugin the way a DAW renders an export (transport start, offline processing at varying block
// sizes, transport stop) and writes what the host got back. With Wavelift itself, the plugin captures the render as
// a take; the command reports both, so they can be compared sample for sample.
#include "capture/SettingsTree.h"
#include "capture/TakeLibrary.h"
#include "cli/Arguments.h"
#include "cli/CatalogueCommands.h"
#include "cli/CommandSupport.h"
#include "ui/X11Workarounds.h"

#include <juce_audio_formats/juce_audio_formats.h>
#include <juce_audio_processors/juce_audio_processors.h>

#include <iomanip>
#include <ostream>
#include <random>
#include <set>

namespace wavelift::cli
{
namespace
{
    /** The transport as a DAW reports it during an export. */
    class RenderPlayHead final : public juce::AudioPlayHead
    {
    public:
        juce::Optional<PositionInfo> getPosition() const override
        {
            PositionInfo info;
            info.setIsPlaying (playing);
            info.setTimeInSamples (position);
            info.setTimeInSeconds ((double) position / sampleRate);
            info.setBpm (120.0);
            return info;
        }

        bool playing = false;
        juce::int64 position = 0;
        double sampleRate = 44100.0;
    };

    /** Sets the capture format inside the plugin's saved state, as a host restoring a project would. JUCE's VST3 host
        keeps the plugin's own state (Wavelift's XML) base64-encoded in the "IComponent" child of its wrapper. */
    void setCaptureFormat (juce::AudioPluginInstance& plugin, const std::string& format, int bits)
    {
        juce::MemoryBlock hostState;
        plugin.getStateInformation (hostState);
        auto wrapper = juce::AudioProcessor::getXmlFromBinary (hostState.getData(), (int) hostState.getSize());
        auto* component = wrapper != nullptr ? wrapper->getChildByName ("IComponent") : nullptr;
        juce::MemoryBlock pluginState;
        if (component == nullptr || !pluginState.fromBase64Encoding (component->getAllSubText()))
            throw std::runtime_error ("the host state holds no plugin state");

        auto xml = juce::AudioProcessor::getXmlFromBinary (pluginState.getData(), (int) pluginState.getSize());
        auto tree = xml != nullptr ? juce::ValueTree::fromXml (*xml) : juce::ValueTree();
        auto settingsTree = tree.getChildWithName (capture::settingsTreeType);
        if (!settingsTree.isValid())
            throw std::runtime_error ("the plugin's state is not Wavelift's");
        auto settings = capture::readSettingsTree (settingsTree);
        settings.format = capture::formatFromName (format).value_or (settings.format);
        settings.bitDepth = bits;
        settings.followTransport = true;
        if (!settings.isValid())
            throw UsageError (settings.problem());
        capture::writeSettingsTree (settingsTree, settings);
        xml = tree.createXml();

        juce::MemoryBlock changedPluginState, changedHostState;
        juce::AudioProcessor::copyXmlToBinary (*xml, changedPluginState);
        component->deleteAllTextElements();
        component->addTextElement (changedPluginState.toBase64Encoding());
        juce::AudioProcessor::copyXmlToBinary (*wrapper, changedHostState);
        plugin.setStateInformation (changedHostState.getData(), (int) changedHostState.getSize());
    }

    std::set<std::string> takeIds (const capture::TakeLibrary& library)
    {
        std::set<std::string> ids;
        for (const auto& take : library.takes())
            ids.insert (take.id);
        return ids;
    }

    int render (const Invocation& invocation)
    {
        static const char* usage = "wavelift render INPUT --plugin PATH.vst3 --out HOST_OUTPUT.wav "
                                   "[--format flac|wav] [--bits 16|24|32] [--max-block N] [--seed N]";
        return runCommand (
            invocation, usage,
            [&] (Arguments& args)
            {
                const auto pluginPath = args.option ("plugin");
                const auto outPath = args.option ("out");
                const auto format = args.option ("format").value_or ("flac");
                const auto bits = (int) args.integer ("bits", 16, 32).value_or (24);
                const auto maxBlock = (int) args.integer ("max-block", 1, 16384).value_or (4096);
                const auto seed = (unsigned) args.integer ("seed", 0, 1LL << 31).value_or (20261203);
                const auto inputPath = args.positional ("INPUT");
                args.finish();
                if (!pluginPath || !outPath)
                    throw UsageError ("--plugin and --out are required");

                const juce::ScopedJuceInitialiser_GUI juceRuntime;
                ui::ensureWindowManagerAtomsExist();

                juce::AudioFormatManager formats;
                formats.registerBasicFormats();
                const auto cwd = juce::File::getCurrentWorkingDirectory();
                std::unique_ptr<juce::AudioFormatReader> reader (
                    formats.createReaderFor (cwd.getChildFile (juce::String (inputPath))));
                if (reader == nullptr)
                    throw std::runtime_error ("cannot read " + inputPath + " as audio");
                juce::AudioBuffer<float> input ((int) reader->numChannels, (int) reader->lengthInSamples);
                reader->read (&input, 0, input.getNumSamples(), 0, true, true);
                const double rate = reader->sampleRate;
                const int channels = input.getNumChannels();

                juce::VST3PluginFormat vst3;
                juce::OwnedArray<juce::PluginDescription> types;
                vst3.findAllTypesForFile (types, cwd.getChildFile (juce::String (*pluginPath)).getFullPathName());
                if (types.isEmpty())
                    throw std::runtime_error ("no VST3 plugin at " + *pluginPath);
                juce::String error;
                auto plugin = vst3.createInstanceFromDescription (*types[0], rate, maxBlock, error);
                if (plugin == nullptr)
                    throw std::runtime_error ("the plugin did not load: " + error.toStdString());

                juce::AudioProcessor::BusesLayout layout;
                const auto set = juce::AudioChannelSet::canonicalChannelSet (channels);
                layout.inputBuses.add (set);
                layout.outputBuses.add (set);
                if (!plugin->setBusesLayout (layout))
                    throw std::runtime_error ("the plugin refused " + std::to_string (channels) + " channels");

                const bool isWavelift = types[0]->name == "Wavelift";
                capture::TakeLibrary library (capture::TakeLibrary::defaultFolder());
                const auto takesBefore = takeIds (library);
                if (isWavelift)
                    setCaptureFormat (*plugin, format, bits);

                RenderPlayHead playHead;
                playHead.sampleRate = rate;
                plugin->setPlayHead (&playHead);
                plugin->setNonRealtime (true);
                plugin->prepareToPlay (rate, maxBlock);

                // Transport start, then the whole file in blocks of random sizes, as fast as the plugin takes them.
                juce::AudioBuffer<float> output (channels, input.getNumSamples());
                juce::AudioBuffer<float> block (channels, maxBlock);
                juce::MidiBuffer midi;
                std::mt19937 random (seed);
                std::uniform_int_distribution<int> blockSize (1, maxBlock);
                playHead.playing = true;
                int blocks = 0;
                const auto started = juce::Time::getMillisecondCounterHiRes();
                for (int at = 0; at < input.getNumSamples(); ++blocks)
                {
                    const int size = std::min (blockSize (random), input.getNumSamples() - at);
                    block.setSize (channels, size, false, false, true);
                    for (int ch = 0; ch < channels; ++ch)
                        block.copyFrom (ch, 0, input, ch, at, size);
                    playHead.position = at;
                    plugin->processBlock (block, midi);
                    for (int ch = 0; ch < channels; ++ch)
                        output.copyFrom (ch, at, block, ch, 0, size);
                    at += size;
                }
                const auto seconds = (juce::Time::getMillisecondCounterHiRes() - started) / 1000.0;

                // Transport stop: the host keeps calling the plugin with the transport halted.
                playHead.playing = false;
                playHead.position = input.getNumSamples();
                for (int i = 0; i < 4; ++i)
                {
                    block.setSize (channels, maxBlock, false, false, true);
                    block.clear();
                    plugin->processBlock (block, midi);
                }
                plugin->releaseResources();
                plugin.reset(); // the plugin finishes its take as it goes

                long long differing = 0;
                for (int ch = 0; ch < channels; ++ch)
                    for (int i = 0; i < input.getNumSamples(); ++i)
                        differing += input.getSample (ch, i) != output.getSample (ch, i) ? 1 : 0;

                const auto outFile = cwd.getChildFile (juce::String (*outPath));
                outFile.deleteFile();
                std::unique_ptr<juce::AudioFormatWriter> writer (juce::WavAudioFormat().createWriterFor (
                    outFile.createOutputStream().release(), rate, (unsigned) channels, 32, {}, 0));
                if (writer == nullptr)
                    throw std::runtime_error ("cannot write " + *outPath);
                writer->writeFromAudioSampleBuffer (output, 0, output.getNumSamples());
                writer.reset();

                invocation.out << std::fixed << std::setprecision (3) << "plugin: " << types[0]->name << ' '
                               << types[0]->version << " (" << types[0]->pluginFormatName << ")\n"
                               << "rendered: " << input.getNumSamples() << " frames (" << input.getNumSamples() / rate
                               << " s) of " << channels << " ch at " << rate << " Hz in " << blocks << " blocks of 1-"
                               << maxBlock << " frames, offline, " << seconds << " s\n"
                               << "pass-through bit-identical: " << (differing == 0 ? "yes" : "no") << '\n'
                               << "host output: " << outFile.getFullPathName() << '\n';

                if (isWavelift)
                {
                    std::optional<capture::TakeRecord> take;
                    for (const auto& candidate : library.takes())
                        if (takesBefore.count (candidate.id) == 0)
                            take = candidate;
                    if (!take)
                        throw std::runtime_error ("the plugin captured no take");
                    invocation.out << "take: " << take->file.string() << '\n'
                                   << "take frames: " << take->frames << ", lost: " << take->lostFrames
                                   << ", sanitised: " << take->sanitisedSamples << '\n';
                    if (take->lostFrames != 0 || take->frames != input.getNumSamples())
                        return exitFailure;
                }
                return differing == 0 ? exitOk : exitFailure;
            });
    }
} // namespace

Command renderCommand()
{
    return { "render", "render INPUT --plugin PATH.vst3 --out FILE", "Render a file through a hosted VST3 like a DAW",
             render };
}
} // namespace wavelift::cli
