#include "sandbox/Seeder.h"

#include "sandbox/Crypto.h"
#include "sandbox/MediaTools.h"
#include "sandbox/OAuthService.h"
#include "sandbox/TimeFormat.h"

#include <array>
#include <iostream>

namespace wavelift::sandbox
{
namespace fs = std::filesystem;

namespace
{
    constexpr std::int64_t firstUserId = 100000001;
    constexpr std::int64_t firstTrackId = 2147483640; // ids 2147483648 and up don't fit an int32
    constexpr std::int64_t seedEpoch = 1704103200;    // 2024/01/01 10:00:00 +0000

    struct SeedUser
    {
        const char* username;
        const char* firstName;
        const char* lastName;
        const char* city;
        const char* country;
        const char* description;
    };

    struct SeedTrack
    {
        const char* sample;
        const char* title;
        const char* permalink;
        int userIndex;
        const char* genre;
        const char* tagList;
        const char* access;
        const char* sharing;
        double bpm;
    };

    constexpr std::array<SeedUser, 5> seedUsers{ {
        { seededUsername, "Sandy", "Box", "Berlin", "Germany", "The account the sandbox signs you in as." },
        { "breakbeat-archive", "Break", "Archive", "London", "United Kingdom", "Classic drum breaks." },
        { "garzul-loops", "Gar", "Zul", "Helsinki", "Finland", "Synth loops and drones." },
        { "loop-lab", "Loop", "Lab", "Cape Town", "South Africa", "Percussion from everywhere." },
        { "string-theory", "String", "Theory", "Lisbon", "Portugal", "Guitar sketches." },
    } };

    constexpr std::array<SeedTrack, 16> seedTracks{ {
        { "loop_amen_full", "Amen Break (Full Loop)", "amen-break-full-loop", 1, "Drum & Bass",
          "breakbeat amen \"drum loop\"", "playable", "public", 136 },
        { "loop_amen", "Amen Break (Short)", "amen-break-short", 1, "Drum & Bass", "breakbeat amen", "playable",
          "public", 136 },
        { "loop_breakbeat", "Breakbeat Loop", "breakbeat-loop", 1, "Hip-hop & Rap", "breakbeat \"drum loop\"",
          "playable", "public", 126 },
        { "loop_garzul", "Garzul", "garzul", 2, "Electronic", "ambient synth", "playable", "public", 120 },
        { "loop_mika", "Mika", "mika", 2, "Electronic", "synth arpeggio", "playable", "public", 120 },
        { "loop_compus", "Compus", "compus", 2, "Electronic", "glitch synth", "playable", "public", 0 },
        { "loop_safari", "Safari", "safari", 3, "World", "percussion \"field recording\"", "playable", "public", 0 },
        { "loop_tabla", "Tabla Groove", "tabla-groove", 3, "World", "tabla percussion", "preview", "public", 0 },
        { "loop_industrial", "Industrial Hit", "industrial-hit", 3, "Industrial", "industrial percussion", "blocked",
          "public", 0 },
        { "loop_drone_g_97", "Drone in G", "drone-in-g", 2, "Ambient", "ambient drone", "playable", "public", 97 },
        { "guit_em9", "E Minor 9", "e-minor-9", 4, "Acoustic", "guitar chord", "playable", "public", 0 },
        { "guit_e_fifths", "E Fifths", "e-fifths", 4, "Rock", "guitar \"power chord\"", "playable", "public", 0 },
        { "guit_harmonics", "Harmonics", "harmonics", 4, "Acoustic", "guitar harmonics", "playable", "public", 0 },
        { "ambi_piano", "Ambient Piano", "ambient-piano", 0, "Piano", "piano ambient", "playable", "public", 0 },
        { "ambi_choir", "Choir Sketch", "choir-sketch", 0, "Ambient", "choir sketch", "playable", "private", 0 },
        { "loop_electric", "Electric Loop", "electric-loop", 0, "Electronic", "synth loop", "playable", "public", 0 },
    } };
} // namespace

UserRecord makeSignInUser (std::int64_t id, std::int64_t uploadQuotaSeconds)
{
    const auto& seed = seedUsers[0];
    UserRecord user;
    user.id = id;
    user.username = seed.username;
    user.permalink = seed.username;
    user.firstName = seed.firstName;
    user.lastName = seed.lastName;
    user.city = seed.city;
    user.country = seed.country;
    user.description = seed.description;
    user.plan = uploadQuotaSeconds == 0 ? "Pro Unlimited" : "Free";
    user.uploadQuotaSeconds = uploadQuotaSeconds;
    user.createdAt = seedEpoch - 86400;
    user.passwordSalt = crypto::randomToken (12);
    user.passwordHash = OAuthService::hashPassword (user.passwordSalt, seededPassword);
    return user;
}

void seedCatalogue (State& state, const fs::path& dataDir, const Options& options)
{
    for (std::size_t i = 0; i < seedUsers.size(); ++i)
    {
        const auto id = firstUserId + static_cast<std::int64_t> (i);
        if (i == 0)
        {
            state.users.push_back (makeSignInUser (id, options.uploadQuotaSeconds));
            continue;
        }
        const auto& seed = seedUsers[i];
        UserRecord user;
        user.id = id;
        user.username = seed.username;
        user.permalink = seed.username;
        user.firstName = seed.firstName;
        user.lastName = seed.lastName;
        user.city = seed.city;
        user.country = seed.country;
        user.description = seed.description;
        user.plan = "Pro Unlimited";
        user.createdAt = seedEpoch - 86400 * static_cast<std::int64_t> (10 + i);
        state.users.push_back (user);
    }
    state.nextUserId = firstUserId + static_cast<std::int64_t> (seedUsers.size());
    state.nextTrackId = firstTrackId + static_cast<std::int64_t> (seedTracks.size());

    if (!options.seedCatalogue)
        return;
    for (std::size_t i = 0; i < seedTracks.size(); ++i)
    {
        const auto& seed = seedTracks[i];
        const auto sample = options.seedSamplesDir / (std::string (seed.sample) + ".flac");
        const auto info = probeAudio (options.ffprobePath, sample);
        if (!info)
        {
            std::cerr << "wavelift-sandbox: seed sample " << sample << " is missing or unreadable; skipped "
                      << "(install Debian's sonic-pi-samples)\n";
            continue;
        }
        TrackRecord track;
        track.id = firstTrackId + static_cast<std::int64_t> (i);
        track.userId = firstUserId + seed.userIndex;
        track.title = seed.title;
        track.permalink = seed.permalink;
        track.genre = seed.genre;
        track.tagList = seed.tagList;
        track.access = seed.access;
        track.sharing = seed.sharing;
        if (seed.bpm > 0)
            track.bpm = seed.bpm;
        track.description =
            std::string ("Sonic Pi sample ") + seed.sample + " (public domain, CC0, from freesound.org).";
        track.license = "no-rights-reserved";
        track.metadataArtist = "Sonic Pi";
        track.createdAt = seedEpoch + 86400 * static_cast<std::int64_t> (i);
        track.lastModified = track.createdAt;
        track.durationMs = info->durationMs;
        track.originalFormat = "flac";
        track.mediaKey = crypto::randomToken (12);
        if (track.isPrivate())
            track.secretToken = "s-" + crypto::randomAlphanumeric (11);
        track.assetFile = "assets/" + std::to_string (track.id) + "/original.flac";
        fs::create_directories (dataDir / "assets" / std::to_string (track.id));
        fs::copy_file (sample, dataDir / track.assetFile, fs::copy_options::overwrite_existing);
        // A blocked track only has metadata: nothing to stream, nothing to transcode.
        if (track.access != "blocked")
            for (const auto rendition : allRenditions)
                track.renditions[rendition] = RenditionState{ crypto::randomUuid(), false, false };
        state.tracks.push_back (std::move (track));
    }
}
} // namespace wavelift::sandbox
