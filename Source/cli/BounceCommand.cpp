#include "cli/BounceCommand.h"

#include "capture/Bounce.h"
#include "capture/TakeLibrary.h"
#include "capture/TakeRecovery.h"

#include <cmath>
#include <iomanip>
#include <optional>
#include <ostream>
#include <sstream>

namespace wavelift::cli
{
namespace
{
    constexpr const char* usage = "usage: wavelift bounce INPUT --out OUT.wav|OUT.flac [--bits 16|24|32] [--level 0-8] "
                                  "[--dither on|off] [--realtime] [--seed N]\n";

    struct UsageError : std::runtime_error
    {
        using std::runtime_error::runtime_error;
    };

    long long parseNumber (const std::string& option, const std::string& text, long long lowest, long long highest)
    {
        try
        {
            size_t used = 0;
            const auto value = std::stoll (text, &used);
            if (used == text.size() && value >= lowest && value <= highest)
                return value;
        }
        catch (const std::exception&)
        {
        }
        throw UsageError (option + " takes a number from " + std::to_string (lowest) + " to " + std::to_string (highest)
                          + ", not '" + text + "'");
    }

    capture::BounceOptions parse (const std::vector<std::string>& arguments)
    {
        capture::BounceOptions options;
        options.takesFolder = capture::TakeLibrary::defaultFolder();
        std::optional<std::string> input;

        for (size_t i = 0; i < arguments.size(); ++i)
        {
            const auto& argument = arguments[i];
            const auto value = [&]
            {
                if (i + 1 >= arguments.size())
                    throw UsageError (argument + " needs a value");
                return arguments[++i];
            };

            if (argument == "--out" || argument == "-o")
                options.output = value();
            else if (argument == "--bits")
                options.settings.bitDepth = (int) parseNumber (argument, value(), 16, 32);
            else if (argument == "--level")
                options.settings.flacLevel = (int) parseNumber (argument, value(), 0, 8);
            else if (argument == "--dither")
            {
                const auto v = value();
                if (v != "on" && v != "off")
                    throw UsageError ("--dither takes on or off, not '" + v + "'");
                options.settings.dither = v == "on";
            }
            else if (argument == "--realtime")
                options.realtime = true;
            else if (argument == "--seed")
                options.seed =
                    (std::uint64_t) parseNumber (argument, value(), 1, std::numeric_limits<long long>::max());
            else if (!argument.empty() && argument.front() == '-')
                throw UsageError ("unknown option " + argument);
            else if (!input)
                input = argument;
            else
                throw UsageError ("only one INPUT, please ('" + argument + "' is a second one)");
        }

        if (!input)
            throw UsageError ("INPUT is missing");
        if (options.output.empty())
            throw UsageError ("--out is missing");
        options.input = *input;

        auto settings = options.settings;
        if (const auto format = capture::formatFromExtension (options.output))
            settings.format = *format;
        else
            throw UsageError ("--out must end in .wav or .flac");
        if (const auto problem = settings.problem(); !problem.empty())
            throw UsageError (problem);
        return options;
    }

    std::string decibels (double value, const char* unit)
    {
        if (!std::isfinite (value))
            return std::string ("-inf ") + unit;
        std::ostringstream text;
        text << std::fixed << std::setprecision (2) << value << ' ' << unit;
        return text.str();
    }

    void print (std::ostream& out, const capture::BounceOptions& options, const capture::BounceResult& result)
    {
        const auto& take = result.take;
        const auto& s = take.settings;
        out << "bounced " << options.input.string() << " -> " << take.file.string() << '\n';
        out << "  format           " << (s.format == capture::FileFormat::flac ? "FLAC " : "WAV ")
            << (s.isFloat() ? std::string ("32-bit float") : std::to_string (s.bitDepth) + "-bit")
            << (s.format == capture::FileFormat::flac ? ", level " + std::to_string (s.flacLevel) : std::string())
            << (s.bitDepth == 16 ? (s.ditherApplies() ? ", TPDF dither" : ", no dither") : "") << '\n';
        out << "  frames           " << take.frames << " of " << result.inputFrames << " (" << std::fixed
            << std::setprecision (3) << take.lengthSeconds() << " s)\n";
        out << "  sample rate      " << std::setprecision (0) << take.sampleRate << " Hz\n";
        out << "  channels         " << take.channels << '\n';
        if (take.figures)
        {
            out << "  sample peak      " << decibels (take.figures->samplePeakDbfs, "dBFS") << '\n';
            out << "  loudness         "
                << (take.figures->integratedLufs ? decibels (*take.figures->integratedLufs, "LUFS integrated")
                                                 : std::string ("not measurable (too short or silent)"))
                << '\n';
            out << "  true peak        " << decibels (take.figures->truePeakDbtp, "dBTP") << '\n';
        }
        out << "  lost samples     " << take.lostFrames << " frames\n";
        out << "  sanitised        " << take.sanitisedSamples << " samples (NaN or infinite, written as 0)\n";
        out << "  blocks           " << result.blocks << " of random size 1-" << options.maxBlockSize << ", seed "
            << options.seed << ", " << (options.realtime ? "realtime" : "offline render") << '\n';
    }

    int run (const Invocation& invocation)
    {
        capture::BounceOptions options;
        try
        {
            options = parse (invocation.arguments);
        }
        catch (const UsageError& e)
        {
            invocation.err << "wavelift bounce: " << e.what() << '\n' << usage;
            return exitUsage;
        }

        // Like the plugin, finish whatever an earlier crash left half-written, in the background.
        capture::TakeLibrary library (options.takesFolder);
        capture::BackgroundRecovery recovery (options.takesFolder,
                                              [&] (const capture::TakeRecord& take) { library.add (take); });

        capture::BounceResult result;
        try
        {
            result = capture::bounce (options);
        }
        catch (const std::exception& e)
        {
            invocation.err << "wavelift bounce: " << e.what() << '\n';
            return exitFailure;
        }
        print (invocation.out, options, result);

        for (const auto& take : recovery.wait().recovered)
            invocation.out << "recovered an interrupted take: " << take.file.string() << '\n';

        if (!result.take.error.empty() || result.take.frames != result.inputFrames)
        {
            invocation.err << "wavelift bounce: the take is incomplete"
                           << (result.take.error.empty() ? "" : ": " + result.take.error) << '\n';
            return exitFailure;
        }
        return exitOk;
    }
} // namespace

Command bounceCommand()
{
    return { "bounce", "bounce INPUT --out OUT.wav|.flac",
             "Capture INPUT through the engine as a host would (--bits, --level, --dither, --realtime, --seed)", run };
}
} // namespace wavelift::cli
