#include "helpers/HostedPlugin.h"

#include <cstdlib>
#include <unistd.h>

namespace wavelift::test
{
juce::File HostedPlugin::vst3Bundle()
{
    // .../Wavelift.vst3/Contents/x86_64-linux/Wavelift.so
    return juce::File (WAVELIFT_VST3_BINARY).getParentDirectory().getParentDirectory().getParentDirectory();
}

namespace
{
#ifdef WAVELIFT_LV2_BUNDLE
    /** JUCE 7.0.5's LV2 host only searches ~/.lv2 and the system folders and ignores LV2_PATH, so point HOME at a
        folder whose .lv2 links to the freshly built bundle, for the life of the test process. */
    void exposeLv2BundleInHome()
    {
        static const bool done = []
        {
            const auto home = juce::File::getSpecialLocation (juce::File::tempDirectory)
                                  .getChildFile ("wavelift-lv2-home-" + juce::String ((int) ::getpid()));
            const auto lv2Folder = home.getChildFile (".lv2");
            lv2Folder.createDirectory();
            juce::File (WAVELIFT_LV2_BUNDLE).createSymbolicLink (lv2Folder.getChildFile ("Wavelift.lv2"), true);
            ::setenv ("HOME", home.getFullPathName().toRawUTF8(), 1);
            return true;
        }();
        (void) done;
    }
#endif

    // Formats live until releaseHostingFormats(): an LV2 instance keeps using its format's LV2 world.
    std::unique_ptr<juce::AudioPluginFormatManager>& formatManagerHolder()
    {
        static std::unique_ptr<juce::AudioPluginFormatManager> manager;
        return manager;
    }

    juce::AudioPluginFormatManager& formatManager()
    {
        auto& holder = formatManagerHolder();
        if (holder == nullptr)
        {
            holder = std::make_unique<juce::AudioPluginFormatManager>();
            holder->addFormat (new juce::VST3PluginFormat());
#ifdef WAVELIFT_LV2_BUNDLE
            holder->addFormat (new juce::LV2PluginFormat());
#endif
        }
        return *holder;
    }
} // namespace

void releaseHostingFormats() { formatManagerHolder().reset(); }

std::unique_ptr<juce::AudioPluginInstance> HostedPlugin::load (Format format, double sampleRate, int blockSize,
                                                               juce::String& error)
{
#ifdef WAVELIFT_LV2_BUNDLE
    exposeLv2BundleInHome();
#endif
    auto& manager = formatManager();

    const auto formatName = format == Format::vst3 ? juce::String ("VST3") : juce::String ("LV2");
    const auto identifier = format == Format::vst3 ? vst3Bundle().getFullPathName() : juce::String (WAVELIFT_LV2_URI);

    for (auto* pluginFormat : manager.getFormats())
    {
        if (pluginFormat->getName() != formatName)
            continue;

        juce::OwnedArray<juce::PluginDescription> types;
        pluginFormat->findAllTypesForFile (types, identifier);
        if (types.isEmpty())
        {
            error = "no " + formatName + " plugin found at " + identifier;
            return nullptr;
        }
        return manager.createPluginInstance (*types[0], sampleRate, blockSize, error);
    }
    error = "this build cannot host " + formatName;
    return nullptr;
}
} // namespace wavelift::test
