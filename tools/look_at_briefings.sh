#!/usr/bin/env bash
# Render both example briefings in every format and make pictures to LOOK at:
#   html → a 375-px phone screenshot (headless Chromium) and the printed PDF,
#   docx/xlsx → PDF through LibreOffice, then PNG pages (pdftoppm, 60 dpi; -gray too).
# Needs: chromium fonts-noto-cjk poppler-utils libreoffice-writer libreoffice-calc
#        (Debian: apt-get install -y chromium fonts-noto-cjk poppler-utils \
#         libreoffice-writer-nogui libreoffice-calc-nogui fonts-crosextra-carlito)
# Usage: tools/look_at_briefings.sh [OUT_DIR]     (default: ./look)
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-look}")
mkdir -p "$out"
run() { PYTHONPATH=src "${PYTHON:-python3}" -m projtrack "$@"; }
sandbox=(); [ "$(id -u)" = 0 ] && sandbox=(--no-sandbox)
for ledger in examples/zhongjiang_2024_q1.xlsx examples/deyang_2022_1-9.xlsx; do
    name=$(basename "$ledger" .xlsx)
    for fmt in md html docx xlsx pdf; do
        run brief "$ledger" -o "$out/$name.$fmt" 2>/dev/null || echo "brief -f $fmt failed" >&2
    done
    if command -v chromium >/dev/null; then
        chromium --headless "${sandbox[@]}" --disable-gpu --hide-scrollbars \
            --window-size=375,2400 --screenshot="$out/$name.phone.png" \
            "file://$out/$name.html" >/dev/null 2>&1 || true
    fi
    if command -v soffice >/dev/null; then
        for fmt in docx xlsx; do
            mkdir -p "$out/$fmt"
            soffice --headless --convert-to pdf --outdir "$out/$fmt" "$out/$name.$fmt" >/dev/null 2>&1
        done
    fi
done
if command -v pdftoppm >/dev/null; then
    for pdf in "$out"/*.pdf "$out"/docx/*.pdf "$out"/xlsx/*.pdf; do
        [ -f "$pdf" ] || continue
        pdftoppm -png -r 60 "$pdf" "${pdf%.pdf}"
        pdftoppm -png -gray -r 60 "$pdf" "${pdf%.pdf}.gray"
    done
fi
echo "pictures in $out"
