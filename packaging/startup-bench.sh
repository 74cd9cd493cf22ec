#!/usr/bin/env bash
# Start-up benchmark: launches the explorer RUNS times under a private Xvfb and reports the time to its first frame
# showing the model's numbers (the app writes it when started with -Dgsa.startup.report=FILE), and the median.
#   packaging/startup-bench.sh [RUNS] [COMMAND... [-- COMMAND...]...]
# default: 5 runs of ./gsa-explorer (the explorer on the sample). Several commands run in turn, round after round,
# so a shared machine's changing load falls on each of them alike; each gets its own median.
# Per run: ms from JVM start (the app's own clock), ms from launching COMMAND (adds the launcher script and process
# start), and the CPU ms the JVM had used by then, which other load on a shared machine moves less. The property goes
# in JAVA_TOOL_OPTIONS, which the JVM reads however it was launched (jpackage's launcher ignores JDK_JAVA_OPTIONS).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=5
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then runs=$1; shift; fi
[ $# -gt 0 ] || set -- "$root/gsa-explorer"
commands=() current=""
for a in "$@"; do
  if [ "$a" = "--" ]; then commands+=("$current"); current=""; else current+="$(printf '%q ' "$a")"; fi
done
commands+=("$current")
command -v Xvfb >/dev/null || { echo "error: Xvfb is needed (apt-get install xvfb)" >&2; exit 2; }

work=$(mktemp -d)
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
app=
cleanup() {
  [ -n "$app" ] && kill -- "-$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
export DISPLAY=":$(head -1 "$work/display")"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
for i in $(seq "$runs"); do
  for c in "${!commands[@]}"; do
    report="$work/report-$c-$i"
    start=$(date +%s%3N)
    # its own process group, so the whole launch (script, JVM) is ended by its id
    JAVA_TOOL_OPTIONS="-Dgsa.startup.report=$report ${JAVA_TOOL_OPTIONS:-}" eval "exec setsid ${commands[$c]}" >"$work/out" 2>&1 &
    app=$!
    for _ in $(seq 1200); do [ -f "$report" ] && break; kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
    if [ ! -f "$report" ]; then
      echo "error: ${commands[$c]}showed no populated frame within 120 s; its output:" >&2
      tail -20 "$work/out" >&2
      exit 1
    fi
    jvm=$(sed -n 's/^first_frame_ms=//p' "$report")
    wall=$(( $(sed -n 's/^frame_epoch_ms=//p' "$report") - start ))
    cpu=$(sed -n 's/^cpu_ms=//p' "$report")
    echo "run $i, ${commands[$c]}: ${jvm} ms from JVM start, ${wall} ms from launch, ${cpu} ms CPU (load average $(cut -d' ' -f1 /proc/loadavg))"
    echo "$jvm" >>"$work/jvm-$c"; echo "$wall" >>"$work/wall-$c"; echo "$cpu" >>"$work/cpu-$c"
    kill -- "-$app" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
    kill -9 -- "-$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
    app=
  done
done
for c in "${!commands[@]}"; do
  echo "median of $runs, ${commands[$c]}: $(median <"$work/jvm-$c") ms from JVM start, $(median <"$work/wall-$c") ms from launch, $(median <"$work/cpu-$c") ms CPU"
done
