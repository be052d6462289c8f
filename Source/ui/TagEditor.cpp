#include "ui/TagEditor.h"

#include "ui/Theme.h"

namespace wavelift::ui
{
namespace
{
    constexpr int rowHeight = 26, gap = 4, minimumFieldWidth = 120;

    std::string cleaned (const juce::String& text)
    {
        // SoundCloud cannot carry a double quote inside a tag: it delimits multi-word tags.
        return text.removeCharacters ("\"").trim().replace ("  ", " ").toStdString();
    }
} // namespace

/** One tag: its text and a remove button in one focusable button. */
class TagEditor::Chip final : public juce::Button
{
public:
    Chip (const std::string& tag, std::function<void()> remove)
        : juce::Button (juce::String (tag))
    {
        setTitle ("Remove tag " + juce::String (tag));
        setTooltip ("Remove this tag");
        setWantsKeyboardFocus (true);
        onClick = std::move (remove);
    }

    int preferredWidth() const { return juce::Font (13.0f).getStringWidth (getButtonText()) + 34; }

    void paintButton (juce::Graphics& g, bool highlighted, bool down) override
    {
        const auto area = getLocalBounds().toFloat().reduced (0.5f);
        g.setColour (down          ? palette::accent.darker (0.3f)
                     : highlighted ? palette::accent.darker (0.1f)
                                   : palette::accent.withAlpha (0.8f));
        g.fillRoundedRectangle (area, area.getHeight() / 2.0f);
        if (hasKeyboardFocus (false))
        {
            g.setColour (palette::text);
            g.drawRoundedRectangle (area.reduced (1.0f), area.getHeight() / 2.0f, 1.5f);
        }
        auto inner = getLocalBounds().reduced (10, 0);
        g.setColour (juce::Colours::white);
        g.setFont (13.0f);
        g.drawText (juce::CharPointer_UTF8 ("\xc3\x97"), inner.removeFromRight (10), juce::Justification::centred);
        g.drawText (getButtonText(), inner, juce::Justification::centredLeft, true);
    }
};

TagEditor::TagEditor()
{
    setTitle ("Tags");
    setFocusContainerType (FocusContainerType::focusContainer);
    field.setComponentID ("tagEntry");
    field.setTitle ("Add a tag");
    field.setTextToShowWhenEmpty ("Add tags: Return or comma after each", palette::dimText);
    field.onReturnKey = [this] { commitTypedText(); };
    field.onTextChange = [this]
    {
        // A comma (typed or pasted) ends a tag; whatever follows the last comma stays in the field.
        const auto text = field.getText();
        if (!text.containsChar (','))
            return;
        auto parts = juce::StringArray::fromTokens (text, ",", "");
        const auto rest = parts[parts.size() - 1];
        parts.remove (parts.size() - 1);
        bool changed = false;
        for (const auto& part : parts)
            changed = addTag (cleaned (part)) || changed;
        field.setText (rest.trimStart(), false);
        if (changed)
            rebuildChips();
    };
    field.onFocusLost = [this] { commitTypedText(); };
    addAndMakeVisible (field);
    // Backspace in an empty field takes the last chip back.
    field.addKeyListener (this);
}

TagEditor::~TagEditor() { field.removeKeyListener (this); }

void TagEditor::setTags (const std::vector<std::string>& newTags)
{
    chipsText.clear();
    for (const auto& tag : newTags)
        addTag (cleaned (juce::String (tag)));
    rebuildChips();
}

void TagEditor::commitTypedText()
{
    const auto text = field.getText();
    bool changed = false;
    for (const auto& part : juce::StringArray::fromTokens (text, ",", ""))
        changed = addTag (cleaned (part)) || changed;
    if (text.isNotEmpty())
        field.setText ({}, false);
    if (changed)
        rebuildChips();
}

bool TagEditor::addTag (std::string tag)
{
    if (tag.empty())
        return false;
    const auto lower = juce::String (tag).toLowerCase();
    for (const auto& existing : chipsText)
        if (juce::String (existing).toLowerCase() == lower)
            return false;
    chipsText.push_back (std::move (tag));
    return true;
}

void TagEditor::removeTag (size_t index)
{
    if (index >= chipsText.size())
        return;
    chipsText.erase (chipsText.begin() + (std::ptrdiff_t) index);
    // The clicked chip is inside its own click: the new chips (with their new indices) go up now, and the old ones
    // are deleted once the click has returned.
    auto old = std::make_shared<std::vector<std::unique_ptr<Chip>>> (std::move (chips));
    chips.clear();
    for (auto& chip : *old)
        removeChildComponent (chip.get());
    rebuildChips();
    field.grabKeyboardFocus();
    juce::MessageManager::callAsync ([old] {});
}

void TagEditor::rebuildChips()
{
    chips.clear();
    for (size_t i = 0; i < chipsText.size(); ++i)
    {
        auto chip = std::make_unique<Chip> (chipsText[i], [this, i] { removeTag (i); });
        chip->setComponentID ("tag" + juce::String ((int) i));
        addAndMakeVisible (*chip);
        chips.push_back (std::move (chip));
    }
    resized();
    repaint();
    if (onChange)
        onChange();
}

std::vector<juce::Rectangle<int>> TagEditor::arrange (int width) const
{
    std::vector<juce::Rectangle<int>> bounds;
    int x = 0, y = 0;
    for (const auto& chip : chips)
    {
        const auto w = juce::jmin (chip->preferredWidth(), width);
        if (x > 0 && x + w > width)
        {
            x = 0;
            y += rowHeight + gap;
        }
        bounds.emplace_back (x, y + 1, w, rowHeight - 2);
        x += w + gap;
    }
    if (x > 0 && width - x < minimumFieldWidth)
    {
        x = 0;
        y += rowHeight + gap;
    }
    bounds.emplace_back (x, y, width - x, rowHeight);
    return bounds;
}

int TagEditor::heightFor (int width) const { return arrange (width).back().getBottom(); }

void TagEditor::resized()
{
    const auto bounds = arrange (getWidth());
    for (size_t i = 0; i < chips.size(); ++i)
        chips[i]->setBounds (bounds[i]);
    field.setBounds (bounds.back());
}

bool TagEditor::keyPressed (const juce::KeyPress& key, juce::Component* origin)
{
    if (origin != &field || key != juce::KeyPress::backspaceKey || field.getText().isNotEmpty() || chipsText.empty())
        return false;
    removeTag (chipsText.size() - 1);
    return true;
}

void TagEditor::paint (juce::Graphics&) {}
} // namespace wavelift::ui
