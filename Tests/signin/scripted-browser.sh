#!/bin/sh
# A stand-in for the system browser, started by the sign-in flow through WAVELIFT_BROWSER with the authorize URL as
# its one argument. WAVELIFT_TEST_BROWSER_MODE picks what it does; it leaves its traces in WAVELIFT_TEST_BROWSER_DIR.
set -eu
url="$1"
dir="${WAVELIFT_TEST_BROWSER_DIR:?}"
tr '\0' ' ' < "/proc/$$/cmdline" > "$dir/browser-cmdline"

location() { curl -sS -o /dev/null -w '%{redirect_url}' "$url"; }

case "${WAVELIFT_TEST_BROWSER_MODE:-follow}" in
  follow)
    # What a browser does: follow the consent's redirect to the loopback listener.
    curl -sS -L -o "$dir/page.html" -w '%{url_effective}' "$url" > "$dir/final-url" ;;
  slash)
    callback=$(location | sed 's#/callback?#/callback/?#')
    curl -sS -o "$dir/page.html" -w '%{http_code}' "$callback" > "$dir/status"
    printf '%s' "$callback" > "$dir/final-url" ;;
  wrong-state)
    callback=$(location | sed 's/state=[^&]*/state=forged-state/')
    curl -sS -o "$dir/page.html" -w '%{http_code}' "$callback" > "$dir/status" ;;
  error)
    state=$(printf '%s' "$url" | sed 's/.*[?&]state=\([^&]*\).*/\1/')
    curl -sS -o "$dir/page.html" -w '%{http_code}' \
      "${WAVELIFT_TEST_REDIRECT:?}?error=${WAVELIFT_TEST_ERROR:-access_denied}&error_description=Not%20now&state=$state" \
      > "$dir/status" ;;
esac
