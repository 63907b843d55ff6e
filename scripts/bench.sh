#!/usr/bin/env bash
# Benchmarks that print figures: native analysis, the PDF, and the browser (wasm in a Web
# Worker, against PapaParse on the same bytes). SCALE sets the demo company's size.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${SCALE:-100}"

bash scripts/setup.sh
bash scripts/setup-test.sh
cargo build --quiet --release -p healthcheck-cli
echo "== native"
target/release/healthcheck-bench analyze --scale "$SCALE"
target/release/healthcheck-bench pdf
echo "== command line"
cli_dir="$(mktemp -d)"
cli_lock="$(target/release/healthcheck-bench write "$cli_dir" --scale "$SCALE" | sed -n 's/.*lock date //p')"
echo "bundle: $(du -sm "$cli_dir" | cut -f1) MB"
/usr/bin/time -f "cin7-healthcheck analyze: %e s, peak resident memory %M KB" \
  target/release/cin7-healthcheck analyze "$cli_dir" --lock-date "$cli_lock" --format json >/dev/null
rm -rf "$cli_dir"
if [ -f tests/bench/browser.mjs ]; then
  echo "== browser"
  bash scripts/build.sh >/dev/null
  dir="$(mktemp -d)"
  lock="$(target/release/healthcheck-bench write "$dir" --scale "$SCALE" | sed -n 's/.*lock date //p')"
  node tests/bench/browser.mjs "$dir" "$lock"
  rm -rf "$dir"
fi
