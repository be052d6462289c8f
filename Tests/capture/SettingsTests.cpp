#include "capture/CaptureSettings.h"

#include <catch2/catch.hpp>

using namespace wavelift::capture;

TEST_CASE ("capture: settings survive packing into the audio thread's word", "[capture][settings]")
{
    for (auto format : { FileFormat::wav, FileFormat::flac })
        for (int bits : { 16, 24, 32 })
            for (int level = 0; level <= 8; ++level)
                for (bool dither : { false, true })
                    for (bool follow : { false, true })
                    {
                        const CaptureSettings settings{ format, bits, level, dither, follow };
                        CHECK (CaptureSettings::unpack (settings.pack()) == settings);
                    }
}

TEST_CASE ("capture: settings say what cannot be written", "[capture][settings]")
{
    CHECK (CaptureSettings{}.isValid());
    CHECK (CaptureSettings{ FileFormat::wav, 32, 5, true, true }.isValid());
    CHECK (CaptureSettings{ FileFormat::flac, 32, 5, true, true }.problem() == "FLAC takes 16 or 24 bits, not 32");
    CHECK (CaptureSettings{ FileFormat::wav, 20, 5, true, true }.problem()
           == "WAV takes 16, 24 or 32 (float) bits, not 20");
    CHECK (CaptureSettings{ FileFormat::flac, 16, 9, true, true }.problem()
           == "the FLAC level goes from 0 to 8, not 9");
    CHECK (CaptureSettings{ FileFormat::wav, 16, 5, true, true }.ditherApplies());
    CHECK (!CaptureSettings{ FileFormat::wav, 24, 5, true, true }.ditherApplies());
    CHECK (formatFromExtension ("a/b/take.FLAC") == FileFormat::flac);
    CHECK (!formatFromExtension ("take.mp3").has_value());
}
