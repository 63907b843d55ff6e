#!/usr/bin/env bash
# Build the WebAssembly module the page loads into www/pkg/.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --profile wasm --target wasm32-unknown-unknown -p healthcheck-wasm
wasm-bindgen --target web --no-typescript --out-dir www/pkg target/wasm32-unknown-unknown/wasm/healthcheck_wasm.wasm
node_modules/.bin/wasm-opt -Oz www/pkg/healthcheck_wasm_bg.wasm -o www/pkg/healthcheck_wasm_bg.wasm
echo "build: www/pkg/healthcheck_wasm_bg.wasm $(stat -c %s www/pkg/healthcheck_wasm_bg.wasm) bytes, $(gzip -9c www/pkg/healthcheck_wasm_bg.wasm | wc -c) gzipped"
node scripts/standalone.mjs
