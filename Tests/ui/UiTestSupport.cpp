#include "UiTestSupport.h"

namespace wavelift::test
{
bool pumpUntil (const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                const std::function<void()>& eachTurn)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition())
    {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        if (eachTurn)
            eachTurn();
        juce::MessageManager::getInstance()->runDispatchLoopUntil (10);
    }
    return true;
}

juce::String visibleText (juce::Component& root)
{
    juce::String text;
    if (!root.isVisible())
        return text;
    if (auto* label = dynamic_cast<juce::Label*> (&root))
        text << label->getText() << "\n";
    if (auto* button = dynamic_cast<juce::Button*> (&root))
        text << button->getButtonText() << "\n";
    if (auto* editor = dynamic_cast<juce::TextEditor*> (&root))
        text << editor->getText() << "\n";
    for (auto* child : root.getChildren())
        text << visibleText (*child);
    return text;
}

double saveSnapshot (juce::Component& component, const juce::File& png)
{
    return saveImage (component.createComponentSnapshot (component.getLocalBounds(), true, 1.0f), png);
}

double saveImage (const juce::Image& image, const juce::File& png)
{
    png.getParentDirectory().createDirectory();
    png.deleteFile();
    {
        juce::FileOutputStream out (png);
        juce::PNGImageFormat format;
        if (!out.openedOk() || !format.writeImageToStream (image, out))
            return 0.0;
    }
    double sum = 0.0, sumSquares = 0.0;
    const juce::Image::BitmapData pixels (image, juce::Image::BitmapData::readOnly);
    for (int y = 0; y < image.getHeight(); ++y)
        for (int x = 0; x < image.getWidth(); ++x)
        {
            const double brightness = pixels.getPixelColour (x, y).getBrightness() * 255.0;
            sum += brightness;
            sumSquares += brightness * brightness;
        }
    const double count = (double) image.getWidth() * image.getHeight();
    const double mean = sum / count;
    return sumSquares / count - mean * mean;
}
} // namespace wavelift::test
