#!/usr/bin/env bash
# Build the two WebAssembly modules the page loads into www/pkg/: healthcheck_wasm (import,
# checks, report: loaded at once, built for speed) and healthcheck_wasm_extras (PDF and
# workbooks: fetched after it, built small). Each is built on its own so that the main
# one's core has no workbook reader.
set -euo pipefail
cd "$(dirname "$0")/.."

build() { # crate, cargo profile, wasm-opt level
  local crate="$1" profile="$2" opt="$3"
  cargo build --profile "$profile" --target wasm32-unknown-unknown -p "${crate//_/-}"
  wasm-bindgen --target web --no-typescript --out-dir www/pkg "target/wasm32-unknown-unknown/$profile/$crate.wasm"
  node_modules/.bin/wasm-opt "$opt" "www/pkg/${crate}_bg.wasm" -o "www/pkg/${crate}_bg.wasm"
  echo "build: www/pkg/${crate}_bg.wasm $(stat -c %s "www/pkg/${crate}_bg.wasm") bytes, $(gzip -9c "www/pkg/${crate}_bg.wasm" | wc -c) gzipped"
}
build healthcheck_wasm wasm -O3
build healthcheck_wasm_extras wasm-small -Oz
# The PDF's face for Chinese, Japanese and Korean, which the page fetches from its own
# origin only for a report that needs it: Debian's Droid Sans Fallback (Apache-2.0), where
# installed. Without it those characters print as '?' and the PDF says so.
fallback=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
if [ -f "$fallback" ]; then
  mkdir -p www/fonts
  cp "$fallback" www/fonts/fallback.ttf
  cp /usr/share/doc/fonts-droid-fallback/copyright www/fonts/fallback-LICENSE.txt 2>/dev/null || true
fi
node scripts/standalone.mjs
