#include "capture/TakeFileWriter.h"

#include "capture/FlacEncoderThread.h"
#include "capture/Md5.h"
#include "capture/PcmSpool.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <stdexcept>

namespace wavelift::capture
{
namespace
{
    class WavTakeWriter final : public TakeFileWriter
    {
    public:
        WavTakeWriter (const TakeFiles& filesToUse, const TakeFormat& format, const TakeRecord& take)
            : files (filesToUse)
            , bits (format.settings.bitDepth)
        {
            std::filesystem::remove (files.partFile);
            auto output = std::make_unique<juce::FileOutputStream> (juce::File (files.partFile.string()), 1 << 16);
            if (!output->openedOk())
                throw std::runtime_error ("cannot create " + files.partFile.string() + ": "
                                          + output->getStatus().getErrorMessage().toStdString());

            const auto description =
                take.metadata.projectName + (take.metadata.trackName.empty() ? "" : " / " + take.metadata.trackName);
            const auto metadata = juce::WavAudioFormat::createBWAVMetadata (
                description, "Wavelift", take.metadata.hostName, juce::Time::getCurrentTime(),
                std::max<std::int64_t> (0, take.timelineStart), {});

            // WAV's speaker mask cannot name every host layout (JUCE's 7.1 uses rear surrounds it lacks): such
            // takes keep their channels, in order, without speaker positions.
            juce::WavAudioFormat wav;
            const auto layout = wav.isChannelLayoutSupported (format.layout)
                                    ? format.layout
                                    : juce::AudioChannelSet::discreteChannels (format.layout.size());
            writer.reset (wav.createWriterFor (output.get(), format.sampleRate, layout, bits, metadata, 0));
            if (writer == nullptr)
                throw std::runtime_error ("WAV cannot hold this take's rate, layout or bit depth");
            stream = output.release(); // the writer owns it now
        }

        void writeIntegers (const std::int32_t* const* channels, int frames) override
        {
            // JUCE's integer writers take left-justified 32-bit samples.
            const int numChannels = writer->getNumChannels();
            scratch.setSize (numChannels, frames, false, false, true);
            for (int ch = 0; ch < numChannels; ++ch)
            {
                auto* out = reinterpret_cast<std::int32_t*> (scratch.getWritePointer (ch));
                for (int i = 0; i < frames; ++i)
                    out[i] = (std::int32_t) ((std::uint32_t) channels[ch][i] << (32 - bits));
            }
            write (reinterpret_cast<const int* const*> (scratch.getArrayOfReadPointers()), frames);
        }

        void writeFloats (const float* const* channels, int frames) override
        {
            // A 32-bit WAV writer stores the bit patterns of the floats it is given as they are.
            write (reinterpret_cast<const int* const*> (channels), frames);
        }

        void checkpoint() override
        {
            writer->flush(); // rewrites the header for the length so far
            stream->flush();
            if (stream->getStatus().failed())
                throw std::runtime_error ("cannot write " + files.partFile.string());
        }

        void finish() override
        {
            writer.reset(); // writes the final header and closes the file
            std::filesystem::rename (files.partFile, files.finalFile);
        }

    private:
        void write (const int* const* channels, int frames)
        {
            if (!writer->write (const_cast<const int**> (channels), frames)) // JUCE's signature, read only
                throw std::runtime_error ("cannot write " + files.partFile.string() + " (disk full?)");
        }

        TakeFiles files;
        int bits;
        std::unique_ptr<juce::AudioFormatWriter> writer;
        juce::FileOutputStream* stream = nullptr;
        juce::AudioBuffer<float> scratch; // reused as int storage: same size, no allocation per block
    };

    class FlacTakeWriter final : public TakeFileWriter
    {
    public:
        FlacTakeWriter (const TakeFiles& filesToUse, const TakeFormat& format, const TakeRecord& take)
            : files (filesToUse)
            , spool (files.spoolFile, format.sampleRate, format.layout.size(), format.settings.bitDepth)
            , encoder (std::make_unique<FlacEncoder> (files.partFile, format.sampleRate, format.layout.size(),
                                                      format.settings.bitDepth, format.settings.flacLevel,
                                                      tagsFor (take), false),
                       format.layout.size(), 32768)
        {
        }

        void writeIntegers (const std::int32_t* const* channels, int frames) override
        {
            // The spool's bytes are exactly what FLAC's MD5 signature covers: sign them here, in parallel with
            // the encoding thread, rather than have libFLAC do it there.
            const auto bytes = spool.write (channels, frames);
            md5.update (bytes.data(), bytes.size());
            encoder.write (channels, frames);
        }

        void writeFloats (const float* const*, int) override { throw std::logic_error ("FLAC takes are integer only"); }

        void checkpoint() override { spool.flush(); }

        void finish() override
        {
            encoder.finish();
            if (encoder.encoderInUse().leavesMd5ToCaller())
                FlacEncoder::writeMd5 (files.partFile, md5.finish());
            std::filesystem::rename (files.partFile, files.finalFile);
            std::filesystem::remove (files.spoolFile);
        }

        static FlacEncoder::Tags tagsFor (const TakeRecord& take)
        {
            FlacEncoder::Tags tags{ { "ENCODED_BY", "Wavelift" }, { "DATE", take.startedAt } };
            if (!take.metadata.hostName.empty())
                tags.emplace_back ("HOST", take.metadata.hostName);
            if (!take.metadata.projectName.empty())
                tags.emplace_back ("PROJECT", take.metadata.projectName);
            if (!take.metadata.trackName.empty())
                tags.emplace_back ("TRACK", take.metadata.trackName);
            if (take.timelineStart >= 0)
                tags.emplace_back ("TIME_REFERENCE", std::to_string (take.timelineStart));
            return tags;
        }

    private:
        TakeFiles files;
        PcmSpoolWriter spool;
        Md5 md5;
        FlacEncoderThread encoder; // encodes while this thread spools the next block
    };
} // namespace

juce::AudioChannelSet defaultLayout (int numChannels)
{
    switch (numChannels)
    {
        case 1: return juce::AudioChannelSet::mono();
        case 2: return juce::AudioChannelSet::stereo();
        case 6: return juce::AudioChannelSet::create5point1();
        case 8: return juce::AudioChannelSet::create7point1();
        default: return juce::AudioChannelSet::discreteChannels (numChannels);
    }
}

std::unique_ptr<TakeFileWriter> createTakeFileWriter (const TakeFiles& files, const TakeFormat& format,
                                                      const TakeRecord& take)
{
    if (format.settings.format == FileFormat::flac)
        return std::make_unique<FlacTakeWriter> (files, format, take);
    return std::make_unique<WavTakeWriter> (files, format, take);
}
} // namespace wavelift::capture
