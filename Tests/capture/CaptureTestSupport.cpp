#include "CaptureTestSupport.h"

#include <juce_audio_formats/juce_audio_formats.h>

#include <sndfile.h>

#include <cstring>
#include <random>
#include <stdexcept>

namespace wavelift::capture::test
{
TempFolder::TempFolder()
{
    static std::atomic<int> counter{ 0 };
    folder = std::filesystem::temp_directory_path()
             / ("wavelift-capture-test-" + std::to_string (::getpid()) + "-" + std::to_string (counter++));
    std::filesystem::remove_all (folder);
    std::filesystem::create_directories (folder);
}

TempFolder::~TempFolder()
{
    std::error_code ignored;
    std::filesystem::remove_all (folder, ignored);
}

Planar<std::int32_t> makeIntegers (int channels, int frames, int bits, std::uint32_t seed)
{
    std::mt19937 random (seed);
    const std::int32_t lowest = -(1 << (bits - 1)), highest = (1 << (bits - 1)) - 1;
    std::uniform_int_distribution<std::int32_t> value (lowest, highest);
    Planar<std::int32_t> signal ((size_t) channels, std::vector<std::int32_t> ((size_t) frames));
    for (auto& channel : signal)
    {
        for (auto& sample : channel)
            sample = value (random);
        if (frames >= 3)
        {
            channel[0] = highest;
            channel[1] = lowest;
            channel[2] = 0;
        }
    }
    return signal;
}

Planar<float> toFloats (const Planar<std::int32_t>& integers, int bits)
{
    const float step = 1.0f / (float) (1 << (bits - 1));
    Planar<float> floats;
    for (const auto& channel : integers)
    {
        auto& out = floats.emplace_back (channel.size());
        for (size_t i = 0; i < channel.size(); ++i)
            out[i] = (float) channel[i] * step;
    }
    return floats;
}

Planar<float> makeFloats (int channels, int frames, std::uint32_t seed)
{
    std::mt19937 random (seed);
    Planar<float> signal ((size_t) channels, std::vector<float> ((size_t) frames));
    for (auto& channel : signal)
    {
        for (auto& sample : channel)
        {
            // Random bit patterns with the exponent limited: every value finite, magnitudes below 256.
            std::uint32_t bits = random();
            const std::uint32_t exponent = (bits >> 23) & 0xff;
            bits = (bits & 0x807fffffu) | (std::uint32_t) ((exponent % 135) << 23);
            std::memcpy (&sample, &bits, sizeof (sample));
        }
        if (frames >= 4)
        {
            channel[0] = 1.0f;
            channel[1] = -1.0f;
            channel[2] = -0.0f;
            channel[3] = 1.0e-40f; // denormal
        }
    }
    return signal;
}

Decoded readWithJuce (const std::filesystem::path& file, int bitsPerSample, bool isFloat)
{
    juce::AudioFormatManager formats;
    formats.registerBasicFormats();
    const std::unique_ptr<juce::AudioFormatReader> reader (formats.createReaderFor (juce::File (file.string())));
    if (reader == nullptr)
        throw std::runtime_error ("JUCE cannot read " + file.string());

    Decoded decoded;
    decoded.sampleRate = reader->sampleRate;
    decoded.channels = (int) reader->numChannels;
    decoded.frames = reader->lengthInSamples;
    decoded.bits = (int) reader->bitsPerSample;
    const auto frames = (int) decoded.frames;

    if (isFloat)
    {
        juce::AudioBuffer<float> buffer (decoded.channels, frames);
        reader->read (&buffer, 0, frames, 0, true, true);
        for (int ch = 0; ch < decoded.channels; ++ch)
            decoded.floats.emplace_back (buffer.getReadPointer (ch), buffer.getReadPointer (ch) + frames);
        return decoded;
    }

    // Integer readers hand out left-justified 32-bit samples: shift back to the file's own values.
    decoded.integers.assign ((size_t) decoded.channels, std::vector<std::int32_t> ((size_t) frames));
    std::vector<int*> pointers;
    for (auto& channel : decoded.integers)
        pointers.push_back (channel.data());
    reader->read (pointers.data(), decoded.channels, 0, frames, false);
    for (auto& channel : decoded.integers)
        for (auto& sample : channel)
            sample >>= (32 - bitsPerSample);
    return decoded;
}

Decoded readWithSndfile (const std::filesystem::path& file, int bitsPerSample, bool isFloat)
{
    SF_INFO info{};
    SNDFILE* sound = sf_open (file.c_str(), SFM_READ, &info);
    if (sound == nullptr)
        throw std::runtime_error ("libsndfile cannot read " + file.string() + ": " + sf_strerror (nullptr));

    Decoded decoded;
    decoded.sampleRate = info.samplerate;
    decoded.channels = info.channels;
    decoded.frames = info.frames;
    const auto frames = (size_t) info.frames, channels = (size_t) info.channels;

    if (isFloat)
    {
        std::vector<float> interleaved (frames * channels);
        sf_readf_float (sound, interleaved.data(), (sf_count_t) frames);
        decoded.floats.assign (channels, std::vector<float> (frames));
        for (size_t i = 0; i < frames; ++i)
            for (size_t ch = 0; ch < channels; ++ch)
                decoded.floats[ch][i] = interleaved[i * channels + ch];
    }
    else
    {
        std::vector<int> interleaved (frames * channels);
        sf_readf_int (sound, interleaved.data(), (sf_count_t) frames); // left-justified like JUCE's
        decoded.integers.assign (channels, std::vector<std::int32_t> (frames));
        for (size_t i = 0; i < frames; ++i)
            for (size_t ch = 0; ch < channels; ++ch)
                decoded.integers[ch][i] = interleaved[i * channels + ch] >> (32 - bitsPerSample);
    }
    sf_close (sound);
    return decoded;
}

Decoded readWithSndfileInfo (const std::filesystem::path& file)
{
    SF_INFO info{};
    SNDFILE* sound = sf_open (file.c_str(), SFM_READ, &info);
    if (sound == nullptr)
        throw std::runtime_error ("libsndfile cannot read " + file.string() + ": " + sf_strerror (nullptr));
    sf_close (sound);
    Decoded decoded;
    decoded.sampleRate = info.samplerate;
    decoded.channels = info.channels;
    decoded.frames = info.frames;
    return decoded;
}

bool bitIdentical (const Planar<float>& a, const Planar<float>& b)
{
    if (a.size() != b.size())
        return false;
    for (size_t ch = 0; ch < a.size(); ++ch)
        if (a[ch].size() != b[ch].size()
            || std::memcmp (a[ch].data(), b[ch].data(), a[ch].size() * sizeof (float)) != 0)
            return false;
    return true;
}

std::function<void (const TakeRecord&)> TakeCollector::callback()
{
    return [this] (const TakeRecord& take)
    {
        const std::lock_guard lock (mutex);
        collected.push_back (take);
    };
}

std::vector<TakeRecord> TakeCollector::takes() const
{
    const std::lock_guard lock (mutex);
    return collected;
}

HostSimulator::HostSimulator (CaptureEngine& engineToFeed, int channels)
    : engine (engineToFeed)
    , numChannels (channels)
{
}

void HostSimulator::play (const Planar<float>& signal, std::int64_t from, std::int64_t count,
                          const std::vector<int>& blockSizes, BlockInfo info, bool advanceTimeline)
{
    std::vector<const float*> pointers ((size_t) numChannels);
    size_t nextSize = 0;
    for (std::int64_t done = 0; done < count;)
    {
        const int n = (int) std::min<std::int64_t> (blockSizes[nextSize++ % blockSizes.size()], count - done);
        for (int ch = 0; ch < numChannels; ++ch)
            pointers[(size_t) ch] = signal[(size_t) ch].data() + from + done;
        info.timeInSamples = timeline;
        engine.process (pointers.data(), numChannels, n, info);
        if (advanceTimeline)
            timeline += n;
        done += n;
    }
}

void HostSimulator::tick (const BlockInfo& given)
{
    auto info = given;
    info.timeInSamples = timeline;
    std::vector<const float*> pointers ((size_t) numChannels, nullptr);
    engine.process (pointers.data(), numChannels, 0, info);
}

BlockInfo playing (bool offline)
{
    BlockInfo info;
    info.nonRealtime = offline;
    info.hasTransport = true;
    info.isPlaying = true;
    return info;
}

BlockInfo stopped (bool offline)
{
    auto info = playing (offline);
    info.isPlaying = false;
    return info;
}
} // namespace wavelift::capture::test
