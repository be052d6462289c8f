#pragma once

#include <juce_core/juce_core.h>

#include <array>
#include <optional>
#include <type_traits>

namespace wavelift::capture
{
/** A fixed-capacity single-producer single-consumer queue of trivially copyable items; lock- and allocation-free. */
template <typename Item, int capacity>
class SpscQueue
{
    static_assert (std::is_trivially_copyable_v<Item>);

public:
    SpscQueue()
        : fifo (capacity + 1)
    {
    }

    int freeSpace() const noexcept { return fifo.getFreeSpace(); }
    bool isEmpty() const noexcept { return fifo.getNumReady() == 0; }

    /** Producer: false (and nothing queued) when full. */
    bool push (const Item& item) noexcept
    {
        const auto scope = fifo.write (1);
        if (scope.blockSize1 == 0)
            return false;
        items[(size_t) scope.startIndex1] = item;
        return true;
    }

    /** Consumer: the oldest item without removing it. */
    std::optional<Item> peek() const noexcept
    {
        int start1, size1, start2, size2;
        fifo.prepareToRead (1, start1, size1, start2, size2);
        if (size1 == 0)
            return std::nullopt;
        return items[(size_t) start1];
    }

    /** Consumer: removes the oldest item. */
    void pop() noexcept { fifo.finishedRead (1); }

    /** Neither side may be running. */
    void clear() noexcept { fifo.reset(); }

private:
    juce::AbstractFifo fifo;
    std::array<Item, (size_t) capacity + 1> items{};
};
} // namespace wavelift::capture
