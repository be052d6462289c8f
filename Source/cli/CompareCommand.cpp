// compare: how closely one audio file matches another (a preview against its bounce), or whether two are
// sample-identical (a bounce against what the host rendered).
#include "cli/Arguments.h"
#include "cli/CatalogueCommands.h"
#include "cli/CommandSupport.h"
#include "preview/AudioComparison.h"
#include "preview/FfmpegAudioFormat.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <iomanip>
#include <ostream>

namespace wavelift::cli
{
namespace
{
    juce::AudioBuffer<float> readAudio (const std::string& path, double& sampleRate)
    {
        juce::AudioFormatManager formats;
        formats.registerBasicFormats();
        formats.registerFormat (new preview::FfmpegAudioFormat(), false);
        const auto file = juce::File::getCurrentWorkingDirectory().getChildFile (juce::String (path));
        std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (file));
        if (reader == nullptr)
            throw std::runtime_error ("cannot read " + path + " as audio");
        if (reader->lengthInSamples > std::numeric_limits<int>::max() / 2)
            throw std::runtime_error (path + " is too long to compare in memory");
        juce::AudioBuffer<float> audio ((int) reader->numChannels, (int) reader->lengthInSamples);
        reader->read (&audio, 0, audio.getNumSamples(), 0, true, true);
        sampleRate = reader->sampleRate;
        return audio;
    }

    int compare (const Invocation& invocation)
    {
        static const char* usage = "wavelift compare REFERENCE OTHER [--exact | --min-correlation C --min-snr DB]";
        return runCommand (
            invocation, usage,
            [&] (Arguments& args)
            {
                const bool exact = args.flag ("exact");
                // Without thresholds compare only measures; with them it fails below either one.
                const auto minCorrelation = args.number ("min-correlation", -1.0, 1.0);
                const auto minSnrDb = args.number ("min-snr", -1000.0, 1000.0);
                const auto referencePath = args.positional ("REFERENCE");
                const auto otherPath = args.positional ("OTHER");
                args.finish();

                double referenceRate = 0, otherRate = 0;
                const auto reference = readAudio (referencePath, referenceRate);
                const auto other = readAudio (otherPath, otherRate);
                invocation.out << "reference: " << reference.getNumSamples() << " frames, "
                               << reference.getNumChannels() << " ch, " << referenceRate << " Hz\n"
                               << "other:     " << other.getNumSamples() << " frames, " << other.getNumChannels()
                               << " ch, " << otherRate << " Hz\n";

                if (exact)
                {
                    bool identical = referenceRate == otherRate && reference.getNumChannels() == other.getNumChannels()
                                     && reference.getNumSamples() == other.getNumSamples();
                    long long differing = 0;
                    for (int ch = 0; identical && ch < reference.getNumChannels(); ++ch)
                        for (int i = 0; i < reference.getNumSamples(); ++i)
                            differing += reference.getSample (ch, i) != other.getSample (ch, i) ? 1 : 0;
                    identical = identical && differing == 0;
                    invocation.out << "sample-identical: " << (identical ? "yes" : "no");
                    if (differing > 0)
                        invocation.out << " (" << differing << " samples differ)";
                    invocation.out << '\n';
                    return identical ? exitOk : exitFailure;
                }

                if (referenceRate != otherRate)
                    throw std::runtime_error ("the sample rates differ; compare needs the same rate");
                const auto similarity = preview::compareAudio (reference, other);
                invocation.out << std::fixed << std::setprecision (4) << "lag: " << similarity.lagSamples << " frames\n"
                               << "correlation: " << similarity.correlation << '\n'
                               << std::setprecision (2) << "snr: " << similarity.snrDb << " dB\n"
                               << "compared: " << similarity.comparedSamples << " frames\n";
                bool close = true;
                if (minCorrelation && !(similarity.correlation >= *minCorrelation))
                {
                    invocation.out << "correlation below the required " << std::setprecision (4) << *minCorrelation
                                   << '\n';
                    close = false;
                }
                if (minSnrDb && !(similarity.snrDb >= *minSnrDb))
                {
                    invocation.out << "snr below the required " << std::setprecision (2) << *minSnrDb << " dB\n";
                    close = false;
                }
                if (minCorrelation || minSnrDb)
                    invocation.out << "close enough: " << (close ? "yes" : "no") << '\n';
                return close ? exitOk : exitFailure;
            });
    }
} // namespace

Command compareCommand()
{
    return { "compare", "compare REFERENCE OTHER [--exact | --min-correlation C --min-snr DB]",
             "Correlation and SNR of two audio files (fails below the given minimums)", compare };
}
} // namespace wavelift::cli
