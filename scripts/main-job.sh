#!/usr/bin/env bash
# The main job: real music through the built plugin to SoundCloud and back.
#   1. real music: about a minute of stereo joined from Debian's sonic-pi-samples loops (recordings made by people)
#   2. render it through the built VST3, hosted the way a DAW does (transport start, offline render at varying block
#      sizes, transport stop), while the plugin captures the take to FLAC 24-bit
#   3. sign in through the embedded browser against the sandbox this script starts (or the live service when real
#      credentials are configured: WAVELIFT_CLIENT_ID and WAVELIFT_CLIENT_SECRET, or config.json)
#   4. upload the take with a title and tags; print the permalink
#   5. find it in your tracks and (when public) by title and tag, preview it through HLS AAC, and report how closely it
#      matches the bounce, and that the bounce is sample-identical to what the host rendered
# Every step prints what it did and measured; any failure exits non-zero.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
work=${WAVELIFT_MAIN_JOB_WORK:-$build/main-job}
samples=/usr/share/sonic-pi/samples

# The test suite runs this same script on its own build (WAVELIFT_MAIN_JOB_NO_BUILD=1, always the sandbox).
if [ "${WAVELIFT_MAIN_JOB_NO_BUILD:-0}" != 1 ]; then
  "$root/scripts/install-deps.sh"
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
  cmake --build "$build" --parallel "$(nproc)"
fi

wavelift=$build/Source/cli/wavelift
sandbox=$build/Source/sandbox/wavelift-sandbox
vst3=$(find "$build/Source/plugin/Wavelift_artefacts" -maxdepth 3 -type d -name Wavelift.vst3 -path '*/VST3/*' | head -n 1)
[ -n "$vst3" ] || { echo "no built Wavelift.vst3 under $build/Source/plugin/Wavelift_artefacts"; exit 1; }
rm -rf "$work"
mkdir -p "$work"
cd "$work"

step() { printf '\n== %s\n' "$*"; }
json() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# A display for the plugin host and the sign-in window when there is none.
if [ -z "${DISPLAY:-}" ]; then
  # -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
  exec {displayfd}<> <(:)
  Xvfb -displayfd "$displayfd" -screen 0 1280x800x24 -nolisten tcp > /dev/null 2>&1 &
  xvfb=$!
  read -r -t 30 -u "$displayfd" display || { echo "Xvfb did not start"; exit 1; }
  exec {displayfd}>&-
  export DISPLAY=:$display
fi
cleanup() {
  [ -n "${sandbox_pid:-}" ] && kill "$sandbox_pid" 2> /dev/null || true
  [ -n "${xvfb:-}" ] && kill "$xvfb" 2> /dev/null || true
}
trap cleanup EXIT

# Everything this run keeps (takes, outbox, tokens) stays in its own folders.
export WAVELIFT_DATA_DIR=$work/data WAVELIFT_CONFIG_DIR=$work/config
mkdir -p "$WAVELIFT_CONFIG_DIR"

step "1. Real music"
# Drums, bass, guitar and piano loops from sonic-pi-samples, joined with short crossfades, as 24-bit stereo.
ffmpeg -v error -y \
  -stream_loop 3 -i "$samples/loop_amen_full.flac" \
  -stream_loop 1 -i "$samples/loop_garzul.flac" \
  -stream_loop 1 -i "$samples/loop_mika.flac" \
  -i "$samples/loop_compus.flac" \
  -i "$samples/guit_em9.flac" \
  -i "$samples/ambi_piano.flac" \
  -filter_complex "[0][1]acrossfade=d=0.5[a];[a][2]acrossfade=d=0.5[b];[b][3]acrossfade=d=0.5[c];[c][4]acrossfade=d=0.5[d];[d][5]acrossfade=d=0.5,aformat=sample_rates=44100:channel_layouts=stereo[out]" \
  -map "[out]" -t 70 -c:a pcm_s24le music.wav
ffprobe -v error -show_entries format=duration:stream=sample_rate,channels,bits_per_raw_sample -of default=nw=1 music.wav | tr '\n' ' '
echo "-> $work/music.wav"

step "2. Render through the hosted VST3 while the plugin captures FLAC 24-bit"
"$wavelift" render music.wav --plugin "$vst3" --out host-render.wav --format flac --bits 24 | tee render.txt
take=$(sed -n 's/^take: //p' render.txt)
metaflac --show-bps --show-sample-rate --show-total-samples "$take" | paste -sd' ' | sed 's/^/FLAC bits, rate, samples: /'
"$wavelift" compare host-render.wav "$take" --exact

live=false
if [ "${WAVELIFT_MAIN_JOB_NO_BUILD:-0}" != 1 ] \
  && { [ -n "${WAVELIFT_CLIENT_ID:-}" ] || [ -s "${XDG_CONFIG_HOME:-$HOME/.config}/wavelift/config.json" ]; }; then
  live=true
fi

step "3. Sign in through the embedded browser"
if [ "$live" = true ]; then
  export WAVELIFT_CONFIG_DIR=${XDG_CONFIG_HOME:-$HOME/.config}/wavelift
  echo "Real SoundCloud credentials are configured: signing in to the live service."
  sharing=private
else
  # The sandbox approves sign-in without the form (--auto-approve), so this run needs no one at the keyboard; the
  # embedded window still loads its page and catches the redirect.
  "$sandbox" --port 0 --auth-port 0 --cdn-port 0 --data "$work/sandbox" --auto-approve > sandbox.json 2> sandbox.log &
  sandbox_pid=$!
  for _ in $(seq 1 300); do [ -s sandbox.json ] && break; sleep 0.1; done
  [ -s sandbox.json ] || { echo "the sandbox did not start:"; cat sandbox.log; exit 1; }
  export WAVELIFT_API_URL=$(json sandbox.json api_url) WAVELIFT_AUTH_URL=$(json sandbox.json auth_url)
  export WAVELIFT_CLIENT_ID=$(json sandbox.json client_id) WAVELIFT_CLIENT_SECRET=$(json sandbox.json client_secret)
  export WAVELIFT_REDIRECT_URI=$(json sandbox.json redirect_uri) WAVELIFT_TOKEN_STORE=file
  echo "Sandbox: API $WAVELIFT_API_URL, auth $WAVELIFT_AUTH_URL, CDN $(json sandbox.json cdn_url)"
  sharing=public
fi
"$wavelift" sign-in --browser embedded
"$wavelift" whoami

step "4. Upload the take"
title="Wavelift main job $(date -u +%Y%m%d-%H%M%S)"
tag="wavelift$(date -u +%H%M%S)"
"$wavelift" upload "$take" --title "$title" --tag "$tag" --tag "amen break" --genre Breakbeat \
  --description "Rendered through the Wavelift VST3 and published by scripts/main-job.sh" --sharing "$sharing" \
  --json > upload.json
urn=$(json upload.json urn)
echo "permalink: $(json upload.json permalink_url)"
echo "urn: $urn"
if [ "$sharing" = private ]; then echo "secret link: $(json upload.json secret_uri)"; fi
python3 - "$urn" "$WAVELIFT_DATA_DIR/takes/index.json" << 'EOF'
import json, sys
urn, path = sys.argv[1], sys.argv[2]
linked = [t for t in json.load(open(path))["takes"] if t.get("published", {}).get("urn") == urn]
print(f"take linked to the track in the library: {'yes' if linked else 'NO'}")
sys.exit(0 if linked else 1)
EOF

step "5. Find it and preview it"
"$wavelift" tracks --limit 50 --json > mine.json
python3 - "$urn" mine.json << 'EOF'
import json, sys
urn, path = sys.argv[1], sys.argv[2]
found = [t for t in json.load(open(path)) if t["urn"] == urn]
print(f"in my tracks: {'yes' if found else 'NO'}")
sys.exit(0 if found else 1)
EOF
if [ "$sharing" = public ]; then
  for query in "--title" "--tag"; do
    if [ "$query" = "--title" ]; then "$wavelift" search "$title" --json > found.json; what="title \"$title\""
    else "$wavelift" search "" --tag "$tag" --json > found.json; what="tag \"$tag\""; fi
    python3 - "$urn" found.json "$what" << 'EOF'
import json, sys
urn, path, what = sys.argv[1], sys.argv[2], sys.argv[3]
found = any(t["urn"] == urn for t in json.load(open(path)))
print(f"found by searching its {what}: {'yes' if found else 'NO'}")
sys.exit(0 if found else 1)
EOF
  done
fi
# SoundCloud transcodes after the upload and gives no readiness signal: the preview polls /streams.
"$wavelift" preview "$urn" --out preview-aac160.wav --stream aac160 --wait 300
# The same floor the preview tests hold AAC 160k to: a garbled or misaligned preview fails the job.
"$wavelift" compare "$take" preview-aac160.wav --min-correlation 0.99 --min-snr 15 | tee compare.txt

step "Summary"
echo "music: $work/music.wav"
echo "take (FLAC 24-bit, sample-identical to the host render): $take"
echo "published: $(json upload.json permalink_url) ($urn)"
sed -n 's/^\(correlation\|snr\|lag\): /preview vs take \1: /p' compare.txt
echo "main job: OK"
