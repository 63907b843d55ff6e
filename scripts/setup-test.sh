#!/usr/bin/env bash
# Install what only the tests and benchmarks use, when it is missing (scripts/setup.sh
# installs what building and serving need). Safe to run every time.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add clippy
fi
if ! cargo fmt --version >/dev/null 2>&1; then
  rustup component add rustfmt
fi

# Licences, bans and sources of the Rust dependencies are checked by the tests.
if ! cargo deny --version >/dev/null 2>&1; then
  cargo install cargo-deny --locked
fi

# Debian packages: the browser and its driver for the tests, poppler and qpdf to check PDFs,
# and a font with Chinese, Japanese and Korean glyphs for the PDF's fallback face.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v qpdf >/dev/null || missing+=(qpdf)
[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || missing+=(fonts-droid-fallback)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: please install: ${missing[*]} (apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
