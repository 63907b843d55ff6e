#!/usr/bin/env bash
# Regenerate the PDF's two faces from Debian's DejaVu Sans (package fonts-dejavu-core):
# Latin, Greek, Cyrillic, their accents, and the punctuation, currency, arrows and maths
# signs the report prints, without hinting. Needs fonttools (pip install fonttools).
# The build does not run this; the subsets are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
ranges="U+0020-007E,U+00A0-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2200-22FF,U+2460-24FF,U+25A0-25FF,U+2700-27BF,U+FFFD"
for face in DejaVuSans DejaVuSans-Bold; do
  pyftsubset "/usr/share/fonts/truetype/dejavu/$face.ttf" --unicodes="$ranges" --no-hinting \
    --layout-features='' --name-IDs='*' --name-legacy --name-languages='*' \
    --output-file="crates/healthcheck-pdf/fonts/$face.ttf"
done
