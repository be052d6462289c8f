#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

#include <chrono>
#include <functional>
#include <string>

namespace wavelift::test
{
/** Runs the message loop until `condition` holds or `timeout` passes; returns whether it held. */
bool pumpUntil (const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                const std::function<void()>& eachTurn = {});

/** The descendant of `root` with this component ID, as T (nullptr when missing or of another type). */
template <typename T>
T* findById (juce::Component& root, const juce::String& id)
{
    if (root.getComponentID() == id)
        if (auto* found = dynamic_cast<T*> (&root))
            return found;
    for (auto* child : root.getChildren())
        if (auto* found = findById<T> (*child, id))
            return found;
    return nullptr;
}

/** Every visible label's and button's text below `root`, one per line. */
juce::String visibleText (juce::Component& root);

/** Saves a snapshot of the component as PNG and returns the variance of its pixels' brightness (0 for a blank
    image). */
double saveSnapshot (juce::Component& component, const juce::File& png);
/** Saves the image as PNG and returns the variance of its pixels' brightness. */
double saveImage (const juce::Image& image, const juce::File& png);
} // namespace wavelift::test
