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
node scripts/standalone.mjs
