#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds every target, runs every test (GUI tests under Xvfb).
# Idempotent; run from anywhere. BUILD_DIR overrides the build folder (default: build/ in the checkout).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}

"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" --parallel "$(nproc)"

cd "$build"
# Xvfb always, even on a desktop: the editor and sign-in tests must not grab the user's screen.
xvfb-run --auto-servernum --server-args="-screen 0 1920x1080x24" \
  ctest --output-on-failure --timeout 1800 "$@"
