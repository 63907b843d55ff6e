#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ from the repository's fixtures (idempotent): CSV and text
# fixtures for the text targets, workbooks for the workbook target, and the regression
# inputs for every target. The corpus itself is not committed.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/import_csv corpus/import_chunks corpus/import_late_bytes corpus/detect corpus/analyze corpus/import_xlsx
n=0
while IFS= read -r -d '' f; do
  name="$(echo "${f#../}" | tr '/' '_')"
  for t in import_csv import_chunks import_late_bytes detect analyze; do cp "$f" "corpus/$t/$name"; done
  n=$((n + 1))
done < <(find ../crates/*/tests/fixtures ../tests/fixtures -type f \( -name '*.csv' -o -name '*.txt' -o -name '*.tsv' \) -print0)
while IFS= read -r -d '' f; do
  cp "$f" "corpus/import_xlsx/$(echo "${f#../}" | tr '/' '_')"
  n=$((n + 1))
done < <(find ../tests -type f -name '*.xlsx' -print0)
for t in import_csv import_chunks import_late_bytes import_xlsx detect analyze; do
  [ -d "regressions/$t" ] && cp regressions/$t/* "corpus/$t/" 2>/dev/null || true
done
echo "seeded $n fixture files into fuzz/corpus/"
