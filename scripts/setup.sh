#!/usr/bin/env bash
# Install what building and testing need, when it is missing. Safe to run every time.
set -euo pipefail
cd "$(dirname "$0")/.."

# Must equal the wasm-bindgen version pinned in Cargo.toml.
WASM_BINDGEN_VERSION=0.2.130

# rust-toolchain.toml would not install the target here (RUSTUP_AUTO_INSTALL=0), so ask rustup.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
if ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add clippy
fi
if ! cargo fmt --version >/dev/null 2>&1; then
  rustup component add rustfmt
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  # --locked cannot be used for this version (a locked dependency is not on the index).
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --no-default-features
fi

# Licences, bans and sources of the Rust dependencies are checked in CI.
if ! cargo deny --version >/dev/null 2>&1; then
  cargo install cargo-deny --locked
fi

# Debian packages: the browser and its driver for the tests, poppler and qpdf to check PDFs.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v qpdf >/dev/null || missing+=(qpdf)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: please install: ${missing[*]} (apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm packages for building (wasm-opt) and testing (playwright-core); never a browser download.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
