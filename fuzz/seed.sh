#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ from the repository's fixtures (idempotent): CSV and text
# fixtures for the text targets, workbooks for the workbook target, and the regression
# inputs for every target. The corpus itself is not committed.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/import_csv corpus/import_chunks corpus/import_late_bytes corpus/detect corpus/analyze corpus/import_xlsx corpus/workbook_parts
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
# workbook_parts: a split byte, then sheet XML, then a shared-string table.
printf '\x80<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>OnHand</t></is></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><f>C2*2</f></c></row><sst uniqueCount="2"><si><t>SKU</t></si><si><t>W-1</t></si></sst>' > corpus/workbook_parts/stock
printf '\x60<row r="1048576"><c r="XFD1048576" t="s"><v>0</v></c></row><sst count="1" uniqueCount="1"><si><t>stray</t></si></sst>' > corpus/workbook_parts/far-cell
for t in import_csv import_chunks import_late_bytes import_xlsx workbook_parts detect analyze; do
  [ -d "regressions/$t" ] && cp regressions/$t/* "corpus/$t/" 2>/dev/null || true
done
echo "seeded $n fixture files into fuzz/corpus/"
