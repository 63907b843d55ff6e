#!/usr/bin/env bash
# Every test suite: native Rust tests, lints, the binding in headless Chromium, and the
# page end to end in headless Chromium. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/setup-test.sh
# Everything the suites leave in the temporary folder goes, passed or failed: the browser
# profiles chromedriver makes for the binding's tests are not removed by the driver itself.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export TMPDIR="$scratch"
cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p healthcheck-wasm --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
cargo clippy -p healthcheck-wasm-extras --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
# cargo tree (the architecture test) reads the dependencies of every target offline.
cargo fetch --quiet
cargo test --workspace
cargo deny --offline check licenses bans sources
bash scripts/build.sh
cargo build --quiet -p healthcheck-cli
# One at a time: built together, the main module's core would get the workbook reader too.
cargo test -p healthcheck-wasm --target wasm32-unknown-unknown
cargo test -p healthcheck-wasm-extras --target wasm32-unknown-unknown
node --test --test-concurrency=1 tests/e2e/*.test.mjs
