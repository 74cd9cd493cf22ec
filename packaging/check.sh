#!/usr/bin/env bash
# Checks what ./gsa-explorer package made, in an environment without a JDK or Maven:
#   the app image runs info, trace and the explorer (snapshot of the window, and a plain start on the bundled
#   sample), finds its samples from any folder, and starts from its class-data archive; the .deb installs with
#   dpkg -i into a clean root, puts the launcher on PATH, the desktop entry and icon in place, runs the same commands
#   from there, and removes cleanly.
# As root where mount namespaces work, everything runs in a chroot whose /usr is the host's seen through an overlay
# (the package's files land in the overlay, never on the host) with the JDKs and Maven hidden, and a dpkg database of
# its own. Elsewhere the image runs with a PATH stripped of java and mvn, and the .deb is unpacked with dpkg -x.
#   packaging/check.sh
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
image=$(ls -d "$root"/dist/gsa-explorer-*/ 2>/dev/null | head -1)
deb=$(ls "$root"/dist/gsa-explorer_*.deb 2>/dev/null | head -1)
[ -n "$image" ] && [ -n "$deb" ] || { echo "error: no dist/gsa-explorer-*/ or .deb; run ./gsa-explorer package first" >&2; exit 2; }
image=${image%/}

if [ -z "${GSA_CHECK_NS:-}" ] && [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  GSA_CHECK_NS=1 exec unshare -m --propagation private "$0" "$@"
fi

tmp=$(mktemp -d)
# mounts first, then files, never across a mount: nothing outside $tmp may be touched
cleanup() {
  # deepest first
  awk -v t="$tmp/" 'index($2, t) == 1 {print $2}' /proc/self/mounts | sort -r | while read -r m; do umount -l "$m"; done
  if grep -q " $tmp/" /proc/self/mounts; then
    echo "warning: mounts remain under $tmp; left in place" >&2
  else
    rm -rf --one-file-system "$tmp"
  fi
}
trap cleanup EXIT
passed=0 failed=0
check() {
  local name=$1 out
  shift
  # a Java stack trace in the output fails the check even when the command succeeded
  if out=$("$@" 2>&1) && ! grep -qE $'^\tat |Exception in thread' <<<"$out"; then
    # a check that measures something ends its output with it
    local detail
    detail=$(tail -1 <<<"$out" | cut -c1-90)
    echo "PASS  $name${detail:+  [$detail]}"
    passed=$((passed + 1))
  else
    echo "FAIL  $name"
    echo "$out" | grep -vE $'^\tat ' | tail -8 | sed 's/^/      /'
    failed=$((failed + 1))
  fi
}

if [ -n "${GSA_CHECK_NS:-}" ]; then
  mode="chroot (host /usr through an overlay, /usr/lib/jvm and /usr/share/maven hidden, fresh dpkg database)"
  r="$tmp/root"
  mkdir -p "$r"/{usr,etc,dev,proc,tmp,root,opt,image,var/lib/xkb,var/lib/dpkg/info,var/lib/dpkg/updates} "$tmp/upper" "$tmp/ovl-work"
  touch "$r/var/lib/dpkg/status"
  mount -t tmpfs tmpfs "$r/dev"
  for node in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
    IFS=: read -r n major minor <<<"$node"
    mknod -m 666 "$r/dev/$n" c "$major" "$minor"
  done
  ln -s /proc/self/fd "$r/dev/fd"
  mount -t overlay overlay -o "lowerdir=/usr,upperdir=$tmp/upper,workdir=$tmp/ovl-work" "$r/usr"
  mount -t tmpfs tmpfs "$r/usr/lib/jvm"
  [ -d "$r/usr/share/maven" ] && mount -t tmpfs tmpfs "$r/usr/share/maven"
  for d in bin sbin lib lib64; do [ -L "/$d" ] && ln -s "$(readlink "/$d")" "$r/$d"; done
  mount --bind /etc "$r/etc" && mount -o remount,bind,ro "$r/etc"
  mount -t proc proc "$r/proc"
  mount --bind "$image" "$r/image" && mount -o remount,bind,ro "$r/image"
  cp "$deb" "$r/tmp/gsa-explorer.deb"
  chmod 1777 "$r/tmp"
  # a command in the clean root: empty environment, PATH as the brief of a fresh user has it
  clean() { local dir=$1; shift; chroot "$r" env -i PATH=/usr/bin:/bin HOME=/root sh -c 'cd "$0" && exec "$@"' "$dir" "$@"; }
  o=/tmp
  inside() { echo "$r$1"; }
  app=/image/bin/gsa-explorer installed=/opt/gsa-explorer
  install=(chroot "$r" dpkg --force-depends -i /tmp/gsa-explorer.deb)
else
  mode="plain (PATH without java or mvn; the .deb unpacked with dpkg -x)"
  r="$tmp/root"
  mkdir -p "$tmp/bin" "$tmp/home" "$r/tmp"
  for f in /usr/bin/* /bin/*; do
    case "$(readlink -f "$f")" in /usr/lib/jvm/* | /usr/share/maven/*) continue ;; esac
    case "$(basename "$f")" in java* | mvn* | jar | jlink | jpackage | jdeps | jshell) continue ;; esac
    ln -sf "$f" "$tmp/bin/"
  done
  clean() { local dir=$1; shift; env -i PATH="$tmp/bin" HOME="$tmp/home" sh -c 'cd "$0" && exec "$@"' "$dir" "$@"; }
  o="$tmp/out"
  mkdir -p "$o"
  inside() { echo "$1"; }
  app="$image/bin/gsa-explorer" installed="$r/opt/gsa-explorer"
  install=(dpkg -x "$deb" "$r")
fi
echo "mode: $mode"
check "install the .deb: ${install[*]}" "${install[@]}"

no_jdk() { clean / sh -c '! command -v java && ! command -v javac && ! command -v mvn'; }
png_ok() { file "$1" | grep -q 'PNG image data' && [ "$(stat -c %s "$1")" -gt 20000 ]; }
npz_ok() { local list; list=$(unzip -l "$1") && grep -q 'readout.npy' <<<"$list" && grep -q 'logits.npy' <<<"$list"; }
# the explorer with no arguments, closed after its first frame with the model's numbers; it reports that frame
explorer_start() {
  local launcher=$1 report=$o/start-$RANDOM
  clean / env JAVA_TOOL_OPTIONS="-Dgsa.startup.quit=true -Dgsa.startup.report=$report" xvfb-run -a "$launcher" &&
    echo "first frame after $(sed -n 's/^first_frame_ms=//p' "$(inside "$report")") ms"
}
# classes mapped from the app's own archive rather than read from jars; thousands when the archive is used
archive_used() {
  local log=$o/classes-$RANDOM
  clean / env JAVA_TOOL_OPTIONS="-Xlog:class+load:file=$log" "$1" info --model "$2/lib/app/samples/mqar-gsa-tiny/model" >/dev/null &&
    n=$(grep -c 'shared objects file (top)' "$(inside "$log")") && echo "$n classes from the archive" && [ "$n" -gt 500 ]
}
commands() {
  local label=$1 launcher=$2 home=$3
  check "$label: info (relative --model, run from the samples' folder)" \
    clean "$home/lib/app" "$launcher" info --model samples/mqar-gsa-tiny/model
  check "$label: trace --out x.npz" clean "$home/lib/app" "$launcher" trace --model samples/mqar-gsa-tiny/model \
    --prompt "k1 v1 k2 v2 k1" --out "$o/x-$label.npz"
  check "$label: the .npz holds logits and readouts" npz_ok "$(inside "$o/x-$label.npz")"
  check "$label: snapshot --view window (xvfb-run, default sample found from /)" \
    clean / xvfb-run -a "$launcher" snapshot --view window --out "$o/w-$label.png"
  check "$label: the window snapshot is a picture" png_ok "$(inside "$o/w-$label.png")"
  check "$label: the explorer starts with no arguments and draws the sample" explorer_start "$launcher"
  check "$label: starts from its class-data archive" archive_used "$launcher" "$home"
}

check "no java, javac or mvn on PATH" no_jdk
commands image "$app" "$([ -n "${GSA_CHECK_NS:-}" ] && echo /image || echo "$image")"
if [ -n "${GSA_CHECK_NS:-}" ]; then
  check "deb: installed files (launcher on PATH, desktop entry, icon)" \
    test -x "$r/opt/gsa-explorer/bin/gsa-explorer" -a -L "$r/usr/bin/gsa-explorer" \
    -a -f "$r/usr/share/applications/gsa-explorer.desktop" -a -f "$r/usr/share/icons/hicolor/256x256/apps/gsa-explorer.png"
  check "deb: the desktop entry starts the installed launcher" grep -qx 'Exec=/opt/gsa-explorer/bin/gsa-explorer' \
    "$r/usr/share/applications/gsa-explorer.desktop"
  commands deb gsa-explorer "$installed"
  check "deb: dpkg -r removes it" sh -c "chroot '$r' dpkg -r gsa-explorer >/dev/null && ! test -e '$r/opt/gsa-explorer'"
else
  commands deb "$installed/bin/gsa-explorer" "$installed"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
