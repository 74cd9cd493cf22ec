#!/usr/bin/env bash
# Regenerates the screenshot set in this folder with the explorer's own `snapshot` command (a virtual display is used
# when there is no screen): every view on the recall sample, the comparison with an ablation, the side panels, and the
# whole window on both bundled samples.
#   docs/screenshots/make.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
run() {
  if [ -z "${DISPLAY:-}" ]; then xvfb-run -a "$root/gsa-explorer" snapshot --force --scale 1 "$@"; else "$root/gsa-explorer" snapshot --force --scale 1 "$@"; fi
}
recall="$root/samples/mqar-gsa-tiny/model" rust="$root/samples/rust-docs-gsa/model"
for v in overview occupancy gates readout provenance attention state charts; do
  run --model "$recall" --view "$v" --out "$here/recall-$v.png"
done
run --model "$recall" --view compare --ablate no-forget --out "$here/recall-compare-no-forget.png"
run --model "$recall" --view readout --ablate readout=relu --out "$here/recall-readout-relu.png"
run --model "$recall" --view window --ablate no-forget --out "$here/recall-window-no-forget.png"
run --model "$recall" --view window --panel tour --tour-step 3 --out "$here/recall-window-tour.png"
run --model "$rust" --view window --out "$here/rust-window.png"
run --model "$rust" --view attention --out "$here/rust-attention.png"
