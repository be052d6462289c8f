// KeepAliveReader: a streamed preview's reader keeps what it reads with alive, reads exactly what its source reads,
// and lets the source go before what the source uses.
#include "preview/KeepAliveReader.h"

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

namespace
{
/** A source of known samples (channel c, frame i = c * 1000 + i) that notes when it is destroyed. */
class CountingReader final : public juce::AudioFormatReader
{
public:
    explicit CountingReader (std::shared_ptr<bool> destroyedFlag)
        : juce::AudioFormatReader (nullptr, "Counting")
        , destroyed (std::move (destroyedFlag))
    {
        sampleRate = 48000.0;
        bitsPerSample = 32;
        lengthInSamples = 500;
        numChannels = 2;
        usesFloatingPointData = false;
        metadataValues.set ("origin", "test");
    }
    ~CountingReader() override { *destroyed = true; }

    bool readSamples (int* const* dest, int numDest, int offset, juce::int64 start, int count) override
    {
        clearSamplesBeyondAvailableLength (dest, numDest, offset, start, count, lengthInSamples);
        for (int ch = 0; ch < numDest; ++ch)
            if (dest[ch] != nullptr)
                for (int i = 0; i < count; ++i)
                    dest[ch][offset + i] = ch * 1000 + (int) start + i;
        return true;
    }

private:
    std::shared_ptr<bool> destroyed;
};

/** What the source "uses": it checks on its way out that the source went first. */
struct Clients
{
    std::shared_ptr<bool> sourceDestroyed;
    std::shared_ptr<bool> sourceWentFirst;
    ~Clients() { *sourceWentFirst = *sourceDestroyed; }
};
} // namespace

TEST_CASE ("keep-alive reader: same samples and format, owner held until the source is gone", "[preview]")
{
    auto sourceDestroyed = std::make_shared<bool> (false);
    auto sourceWentFirst = std::make_shared<bool> (false);
    auto clients = std::make_shared<Clients> (Clients{ sourceDestroyed, sourceWentFirst });
    std::weak_ptr<Clients> watch = clients;

    auto reader = std::make_unique<wavelift::preview::KeepAliveReader> (
        std::move (clients), std::make_unique<CountingReader> (sourceDestroyed));
    CHECK (reader->getFormatName() == "Counting");
    CHECK (reader->sampleRate == 48000.0);
    CHECK (reader->lengthInSamples == 500);
    CHECK (reader->numChannels == 2);
    CHECK (reader->bitsPerSample == 32);
    CHECK (reader->metadataValues["origin"] == "test");
    CHECK_FALSE (watch.expired()); // the caller let go; the reader holds the clients

    // Through the base class's read(), as the preview player reads: integers arrive exactly, and what the source
    // zero-fills past its end arrives as zeros.
    std::vector<int> left (20, -1), right (20, -1);
    int* channels[] = { left.data(), right.data() };
    REQUIRE (reader->read (channels, 2, 490, 20, false));
    for (int i = 0; i < 10; ++i)
    {
        CHECK (left[(size_t) i] == 490 + i);
        CHECK (right[(size_t) i] == 1490 + i);
    }
    for (int i = 10; i < 20; ++i)
    {
        CHECK (left[(size_t) i] == 0);
        CHECK (right[(size_t) i] == 0);
    }

    reader.reset();
    CHECK (watch.expired());
    CHECK (*sourceDestroyed);
    CHECK (*sourceWentFirst);
}
