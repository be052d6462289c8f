#!/bin/sh
# The built LV2 bundle read the way LV2 tools and hosts read it: checked against the LV2 specification's own schemas
# (sord_validate with the spec bundles lv2-dev installs), then discovered by lilv (lv2info), which must see the plugin
# with its class, its maintainer and no e-mail address made out of an empty one.
#   validate-lv2-bundle.sh <path to Wavelift.lv2> <plugin URI>
set -eu
bundle=$1
uri=$2

schemas=$(dpkg -L lv2-dev | grep '\.ttl$')
echo "sord_validate: $(echo "$schemas" | wc -l) schema files and $bundle/*.ttl"
# sord_validate exits 0 on some errors (a file it cannot parse, for one): read what it says instead.
# shellcheck disable=SC2086 # one argument per schema file
report=$(sord_validate $schemas "$bundle"/*.ttl 2>&1) || true
echo "$report" | tail -n 20
if ! echo "$report" | grep -q "^Found 0 errors" || echo "$report" | grep -qi "error:\|error reading\|failed"; then
    echo "sord_validate: the bundle does not pass the LV2 schemas" >&2
    exit 1
fi

info=$(LV2_PATH="/usr/lib/lv2:$(dirname "$bundle")" lv2info "$uri")
echo "$info" | sed -n '1,8p'
expect() {
    if ! echo "$info" | grep -q "$1"; then
        echo "lv2info: expected '$1'" >&2
        exit 1
    fi
}
expect "^$uri\$"
expect "Class: *Utility Plugin"
expect "Author: *Wavelift"
expect "Binary: *file://.*/libWavelift.so"
if echo "$info" | grep -q "Author Email:"; then
    echo "lv2info: an author e-mail appeared; none is set" >&2
    exit 1
fi
echo "LV2 bundle: OK"
