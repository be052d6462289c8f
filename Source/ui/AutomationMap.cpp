#include "ui/AutomationMap.h"

#include "ui/Services.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <cxxabi.h>
#include <filesystem>
#include <fstream>

namespace wavelift::ui
{
namespace
{
    std::string className (const juce::Component& component)
    {
        const char* mangled = typeid (component).name();
        int status = 0;
        std::unique_ptr<char, void (*) (void*)> readable (abi::__cxa_demangle (mangled, nullptr, nullptr, &status),
                                                          std::free);
        return status == 0 && readable ? std::string (readable.get()) : std::string (mangled);
    }

    void describe (juce::Component& component, int window, nlohmann::json& out)
    {
        if (!component.isShowing())
            return;
        const auto bounds = component.getScreenBounds();
        nlohmann::json entry{ { "window", window },
                              { "class", className (component) },
                              { "id", component.getComponentID().toStdString() },
                              { "name", component.getName().toStdString() },
                              { "title", component.getTitle().toStdString() },
                              { "x", bounds.getX() },
                              { "y", bounds.getY() },
                              { "w", bounds.getWidth() },
                              { "h", bounds.getHeight() },
                              { "enabled", component.isEnabled() },
                              { "focused", component.hasKeyboardFocus (false) } };
        if (auto* label = dynamic_cast<juce::Label*> (&component))
            entry["text"] = label->getText().toStdString();
        else if (auto* button = dynamic_cast<juce::Button*> (&component))
        {
            entry["text"] = button->getButtonText().toStdString();
            entry["on"] = button->getToggleState();
        }
        else if (auto* editor = dynamic_cast<juce::TextEditor*> (&component))
            entry["text"] =
                editor->getPasswordCharacter() != 0 ? std::string ("(hidden)") : editor->getText().toStdString();
        else if (auto* combo = dynamic_cast<juce::ComboBox*> (&component))
            entry["text"] = combo->getText().toStdString();
        else if (auto* list = dynamic_cast<juce::ListBox*> (&component))
        {
            auto rows = nlohmann::json::array();
            if (auto* model = list->getModel())
                for (int row = 0; row < juce::jmin (200, model->getNumRows()); ++row)
                {
                    const auto area = list->getRowPosition (row, false).translated (bounds.getX(), bounds.getY());
                    rows.push_back ({ { "text", model->getNameForRow (row).toStdString() },
                                      { "selected", list->isRowSelected (row) },
                                      { "x", area.getX() },
                                      { "y", area.getY() },
                                      { "w", area.getWidth() },
                                      { "h", area.getHeight() } });
                }
            entry["rows"] = std::move (rows);
        }
        out.push_back (std::move (entry));
        for (auto* child : component.getChildren())
            describe (*child, window, out);
    }
} // namespace

std::unique_ptr<AutomationMap> AutomationMap::startIfRequested (std::shared_ptr<Services> services)
{
    const auto* file = std::getenv ("WAVELIFT_UI_MAP");
    if (file == nullptr || *file == '\0')
        return nullptr;
    return std::make_unique<AutomationMap> (file, std::move (services));
}

AutomationMap::AutomationMap (std::string file, std::shared_ptr<Services> s)
    : target (std::move (file))
    , services (std::move (s))
{
    startTimerHz (5);
}

AutomationMap::~AutomationMap() { stopTimer(); }

std::string AutomationMap::describeDesktop()
{
    auto components = nlohmann::json::array();
    auto& desktop = juce::Desktop::getInstance();
    for (int i = 0; i < desktop.getNumComponents(); ++i)
        if (auto* window = desktop.getComponent (i))
            describe (*window, i, components);
    return nlohmann::json{ { "components", std::move (components) } }.dump (1);
}

void AutomationMap::timerCallback()
{
    auto text = describeDesktop();
    if (text == lastWritten)
        return;
    lastWritten = text;
    services->runInBackground (
        [file = target, text = std::move (text)] (std::stop_token)
        {
            // Written whole, then renamed: a reader never sees half a map.
            const auto temporary = file + ".tmp";
            {
                std::ofstream out (temporary, std::ios::binary | std::ios::trunc);
                out << text;
            }
            std::error_code ignored;
            std::filesystem::rename (temporary, file, ignored);
        });
}
} // namespace wavelift::ui
