#include "capture/FlacEncoder.h"

#include <FLAC/metadata.h>
#include <FLAC/stream_encoder.h>

#include <cmath>
#include <fstream>
#include <stdexcept>

// Exported by libFLAC (the flac tool's --no-md5-sum uses it) but declared only in its private headers. Weak, so a
// libFLAC without it still links: the encoder then signs the stream itself.
extern "C" FLAC__bool FLAC__stream_encoder_set_do_md5 (FLAC__StreamEncoder*, FLAC__bool) __attribute__ ((weak));

namespace wavelift::capture
{
struct FlacEncoder::Resources
{
    FLAC__StreamEncoder* encoder = FLAC__stream_encoder_new();
    FLAC__StreamMetadata* comments = nullptr;
    bool finished = false;

    ~Resources()
    {
        if (encoder != nullptr)
            FLAC__stream_encoder_delete (encoder); // also finishes an unfinished stream
        if (comments != nullptr)
            FLAC__metadata_object_delete (comments);
    }

    [[noreturn]] void fail (const std::string& what) const
    {
        throw std::runtime_error (what + ": "
                                  + FLAC__StreamEncoderStateString[FLAC__stream_encoder_get_state (encoder)]);
    }
};

FlacEncoder::FlacEncoder (const std::filesystem::path& file, double sampleRate, int channels, int bitsPerSample,
                          int level, const Tags& tags, bool computeMd5)
    : resources (std::make_unique<Resources>())
{
    auto* encoder = resources->encoder;
    if (encoder == nullptr)
        throw std::runtime_error ("cannot create a FLAC encoder");

    const auto rate = (unsigned) std::lround (sampleRate);
    const bool ok = FLAC__stream_encoder_set_channels (encoder, (unsigned) channels)
                    && FLAC__stream_encoder_set_bits_per_sample (encoder, (unsigned) bitsPerSample)
                    && FLAC__stream_encoder_set_sample_rate (encoder, rate)
                    && FLAC__stream_encoder_set_compression_level (encoder, (unsigned) level)
                    && FLAC__stream_encoder_set_verify (encoder, false);
    if (!ok)
        resources->fail ("cannot configure the FLAC encoder");
    if (!computeMd5 && FLAC__stream_encoder_set_do_md5 != nullptr)
        md5LeftToCaller = FLAC__stream_encoder_set_do_md5 (encoder, false);

    if (!tags.empty())
    {
        resources->comments = FLAC__metadata_object_new (FLAC__METADATA_TYPE_VORBIS_COMMENT);
        for (const auto& [name, value] : tags)
        {
            FLAC__StreamMetadata_VorbisComment_Entry entry;
            if (FLAC__metadata_object_vorbiscomment_entry_from_name_value_pair (&entry, name.c_str(), value.c_str()))
                FLAC__metadata_object_vorbiscomment_append_comment (resources->comments, entry, false);
        }
        FLAC__stream_encoder_set_metadata (encoder, &resources->comments, 1);
    }

    // init_file seeks back at the end to write STREAMINFO, so the total length and MD5 are always right.
    if (FLAC__stream_encoder_init_file (encoder, file.string().c_str(), nullptr, nullptr)
        != FLAC__STREAM_ENCODER_INIT_STATUS_OK)
        resources->fail ("cannot start FLAC file " + file.string());
}

FlacEncoder::~FlacEncoder() = default;

void FlacEncoder::write (const std::int32_t* const* channels, int frames)
{
    if (frames > 0 && !FLAC__stream_encoder_process (resources->encoder, channels, (unsigned) frames))
        resources->fail ("FLAC encoding failed");
}

void FlacEncoder::finish()
{
    if (resources->finished)
        return;
    resources->finished = true;
    if (!FLAC__stream_encoder_finish (resources->encoder))
        resources->fail ("cannot finish the FLAC file");
}

void FlacEncoder::writeMd5 (const std::filesystem::path& file, const std::array<std::uint8_t, 16>& md5)
{
    // "fLaC", then the STREAMINFO block: a 4-byte header and 34 bytes whose last 16 are the MD5.
    constexpr std::streamoff md5Offset = 4 + 4 + 18;
    std::fstream stream (file, std::ios::in | std::ios::out | std::ios::binary);
    char head[8] = {};
    if (!stream.read (head, sizeof (head)) || std::string (head, 4) != "fLaC" || (head[4] & 0x7f) != 0
        || (unsigned char) head[7] != 34)
        throw std::runtime_error (file.string() + " does not start with a FLAC STREAMINFO block");
    stream.seekp (md5Offset);
    stream.write (reinterpret_cast<const char*> (md5.data()), (std::streamsize) md5.size());
    stream.flush();
    if (!stream)
        throw std::runtime_error ("cannot write the MD5 signature of " + file.string());
}
} // namespace wavelift::capture
