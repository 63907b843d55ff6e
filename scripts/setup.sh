#!/usr/bin/env bash
# Install what building and serving the page need, when it is missing (the test script adds
# what only the tests use). Safe to run every time.
set -euo pipefail
cd "$(dirname "$0")/.."

# Must equal the wasm-bindgen version pinned in Cargo.toml.
WASM_BINDGEN_VERSION=0.2.130

# rust-toolchain.toml would not install the target here (RUSTUP_AUTO_INSTALL=0), so ask rustup.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  # --locked cannot be used for this version (a locked dependency is not on the index).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --no-default-features
fi

# npm packages for building (wasm-opt) and testing (playwright-core); never a browser download.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
