#!/usr/bin/env bash
# Build the two WebAssembly modules the page loads into www/pkg/: healthcheck_wasm (import,
# checks, report: loaded at once) and healthcheck_wasm_extras (PDF and workbooks: loaded
# only when needed). Each is built on its own so the main one's core has no workbook reader.
set -euo pipefail
cd "$(dirname "$0")/.."

for crate in healthcheck_wasm healthcheck_wasm_extras; do
  cargo build --profile wasm --target wasm32-unknown-unknown -p "${crate//_/-}"
  wasm-bindgen --target web --no-typescript --out-dir www/pkg "target/wasm32-unknown-unknown/wasm/$crate.wasm"
  node_modules/.bin/wasm-opt -Oz "www/pkg/${crate}_bg.wasm" -o "www/pkg/${crate}_bg.wasm"
  echo "build: www/pkg/${crate}_bg.wasm $(stat -c %s "www/pkg/${crate}_bg.wasm") bytes, $(gzip -9c "www/pkg/${crate}_bg.wasm" | wc -c) gzipped"
done
node scripts/standalone.mjs
