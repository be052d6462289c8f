#include "capture/AudioRing.h"

#include <cstring>

namespace wavelift::capture
{
AudioRing::AudioRing()
    : fifo (2)
{
}

void AudioRing::allocate (int numChannels, int capacityFrames)
{
    storage.setSize (numChannels, capacityFrames + 1, false, true, false);
    fifo.setTotalSize (capacityFrames + 1);
}

int AudioRing::write (const float* const* source, int numChannels, int numFrames) noexcept
{
    const auto scope = fifo.write (numFrames);
    writePiece (source, numChannels, 0, scope.startIndex1, scope.blockSize1);
    writePiece (source, numChannels, scope.blockSize1, scope.startIndex2, scope.blockSize2);
    return scope.blockSize1 + scope.blockSize2;
}

void AudioRing::writePiece (const float* const* source, int numChannels, int sourceOffset, int start, int size) noexcept
{
    if (size <= 0)
        return;
    for (int ch = 0; ch < channels(); ++ch)
    {
        float* destination = storage.getWritePointer (ch, start);
        if (ch < numChannels)
            std::memcpy (destination, source[ch] + sourceOffset, sizeof (float) * (size_t) size);
        else
            juce::FloatVectorOperations::clear (destination, size);
    }
}
} // namespace wavelift::capture
