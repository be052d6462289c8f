#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wavelift::ui
{
/** Tags as chips with a text field after them: Return, Tab-free comma or a paste with commas turns the text into
    chips (a multi-word tag stays one tag: SoundCloud quotes it), Backspace in the empty field removes the last chip,
    and each chip's button (reachable with Tab) removes that chip. Duplicates are dropped, case-insensitively. */
class TagEditor final
    : public juce::Component
    , private juce::KeyListener
{
public:
    TagEditor();
    ~TagEditor() override;

    std::vector<std::string> tags() const { return chipsText; }
    void setTags (const std::vector<std::string>&);
    /** Commits whatever is typed in the field as tags (Publish calls this so a typed tag is never lost). */
    void commitTypedText();

    /** The tags changed (added or removed). */
    std::function<void()> onChange;

    juce::TextEditor& entry() noexcept { return field; }
    /** The height the chips and the field need at `width`. */
    int heightFor (int width) const;

    void resized() override;
    void paint (juce::Graphics&) override;

private:
    class Chip;
    bool addTag (std::string);
    void removeTag (size_t index);
    void rebuildChips();
    /** The chips' bounds at this width, then the field's. */
    std::vector<juce::Rectangle<int>> arrange (int width) const;
    bool keyPressed (const juce::KeyPress&, juce::Component* origin) override;
    using juce::Component::keyPressed;

    std::vector<std::string> chipsText;
    std::vector<std::unique_ptr<Chip>> chips;
    juce::TextEditor field;

    JUCE_DECLARE_NON_COPYABLE_WITH_LEAK_DETECTOR (TagEditor)
};
} // namespace wavelift::ui
