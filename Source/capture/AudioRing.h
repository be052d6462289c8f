#pragma once

#include "capture/CaptureSettings.h"

#include <juce_audio_basics/juce_audio_basics.h>

#include <array>

namespace wavelift::capture
{
/** A single-producer single-consumer ring of planar audio frames: the audio thread writes, the writer thread reads.
    Lock-free and allocation-free after allocate(). */
class AudioRing
{
public:
    AudioRing();

    /** Not realtime-safe, and neither side may be running. */
    void allocate (int numChannels, int capacityFrames);

    int channels() const noexcept { return storage.getNumChannels(); }
    int capacity() const noexcept { return fifo.getTotalSize() - 1; } // AbstractFifo keeps one slot free

    // Producer side -------------------------------------------------------------------------------------------
    int freeFrames() const noexcept { return fifo.getFreeSpace(); }

    /** Writes as many of numFrames frames as fit and returns how many did. Channels beyond the ring's are ignored,
        missing ones written as silence. A plain copy: the audio thread pays for nothing else. */
    int write (const float* const* source, int numChannels, int numFrames) noexcept;

    // Consumer side -------------------------------------------------------------------------------------------
    int readyFrames() const noexcept { return fifo.getNumReady(); }

    /** Hands up to numFrames ready frames to consume (const float* const* channels, int frames), in at most two
        contiguous pieces, then frees them. Returns the frames consumed. */
    template <typename Consumer>
    int read (int numFrames, Consumer&& consume)
    {
        const auto scope = fifo.read (numFrames);
        readPiece (scope.startIndex1, scope.blockSize1, consume);
        readPiece (scope.startIndex2, scope.blockSize2, consume);
        return scope.blockSize1 + scope.blockSize2;
    }

private:
    template <typename Consumer>
    void readPiece (int start, int size, Consumer& consume)
    {
        if (size <= 0)
            return;
        std::array<const float*, maxChannels> pointers{};
        for (int ch = 0; ch < channels(); ++ch)
            pointers[(size_t) ch] = storage.getReadPointer (ch, start);
        consume (pointers.data(), size);
    }

    void writePiece (const float* const* source, int numChannels, int sourceOffset, int start, int size) noexcept;

    juce::AbstractFifo fifo;
    juce::AudioBuffer<float> storage;
};
} // namespace wavelift::capture
