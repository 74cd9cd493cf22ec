#!/usr/bin/env bash
# Builds an installable GSA Explorer: dist/gsa-explorer-<version>/ (a self-contained app image: a runtime jlinked to
# the JDK modules the jars use, the jars, the bundled samples, an icon and a start-up class-data archive) and a .deb
# made from it. Run it through `./gsa-explorer package`, which builds the jars first and passes the JVM options in
# GSA_JAVA_OPTIONS (the launcher's own, relative to the RAM of the machine the app runs on).
#   ./gsa-explorer package [--no-deb]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${JAVA_HOME:?run this through ./gsa-explorer package}" "${GSA_JAVA_OPTIONS:?run this through ./gsa-explorer package}"
make_deb=1
[ "${1:-}" = "--no-deb" ] && make_deb=0
for tool in jlink jpackage jdeps; do
  [ -x "$JAVA_HOME/bin/$tool" ] || { echo "error: $JAVA_HOME has no $tool; packaging needs a full JDK 25" >&2; exit 2; }
done
if [ "$make_deb" = 1 ] && ! command -v dpkg-deb >/dev/null; then
  echo "error: the .deb needs dpkg-deb (apt-get install dpkg), or pass --no-deb" >&2
  exit 2
fi

# jpackage wants a numeric version: 0.1.0-SNAPSHOT -> 0.1.0
version=$(sed -n 's:^  <version>\([0-9.]*\).*</version>:\1:p' "$root/pom.xml" | head -1)
name=gsa-explorer
work="$root/target/package"
image="$root/dist/$name-$version"
rm -rf "$work" "$image"
mkdir -p "$work/input" "$root/dist"
step() { echo "[package] $*" >&2; }

step "jars and samples"
cp "$root"/app/target/gsa-app-*.jar "$root"/app/target/lib/*.jar "$work/input/"
cp -r "$root/samples" "$work/input/samples"
main_jar=$(basename "$root"/app/target/gsa-app-*.jar)
# JavaFX loads its native libraries from its jars' folder when they are there; otherwise every start copies them to
# ~/.openjfx/cache and checksums them
for jar in "$work"/input/javafx-*-linux.jar; do unzip -q -o -j "$jar" '*.so' -d "$work/input" 2>/dev/null || [ $? = 11 ]; done  # 11: no .so in it

# Which JDK modules the code needs: jdeps over every class, read as plain classpath code (some jars carry module
# descriptors whose requirements only resolve as modules, so the descriptors are left out).
step "modules (jdeps)"
mkdir "$work/classes"
for jar in "$work"/input/*.jar; do
  unzip -q -o "$jar" '*.class' -x 'module-info.class' 'META-INF/*' -d "$work/classes" 2>/dev/null || true
done
modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps -q "$work/classes")
rm -rf "$work/classes"
step "  $modules"

step "runtime (jlink)"
# --generate-cds-archive: the JDK's own classes pre-parsed, the base the app's archive builds on
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --generate-cds-archive --output "$work/runtime"

step "icon"
"$JAVA_HOME/bin/java" -Djava.awt.headless=true "$root/packaging/Icon.java" "$work/$name.png" 256

# $APPDIR is the image's lib/app (jars and samples): the samples are found there wherever the app is started from.
# The class-data archive lives there too; the JVM rewrites it if a jar no longer matches and the folder is writable.
# The image's launcher runs the JVM inside its own process, so unlike ./gsa-explorer it has no stderr to filter: its
# starts print the JDK's "Using incubator modules: jdk.incubator.vector" line. The line comes from a resolution hint
# stored in the module as the JDK ships it, which jlink links as it is; neither jlink nor the JVM has an option to drop it.
java_options=($GSA_JAVA_OPTIONS -Dgsa.root=\$APPDIR -XX:SharedArchiveFile=\$APPDIR/$name.jsa
              -XX:+AutoCreateSharedArchive -Xlog:cds*=off -Xlog:aot*=off)
step "app image (jpackage)"
"$JAVA_HOME/bin/jpackage" --type app-image --name "$name" --app-version "$version" \
  --description "Watch a Gated Slot Attention language model think" --vendor "GSA Explorer" \
  --input "$work/input" --main-jar "$main_jar" --main-class org.gsaexplorer.app.Main \
  --runtime-image "$work/runtime" --icon "$work/$name.png" \
  $(printf -- '--java-options %s ' "${java_options[@]}") --dest "$work/image"
mv "$work/image/$name" "$image"

# The archive is made by the image itself, from the explorer's start on the sample (a virtual display; the window
# closes after its first frame and the JVM writes the archive as it exits), so it holds what a start loads.
step "start-up archive (training run)"
if command -v xvfb-run >/dev/null; then
  env -u JDK_JAVA_OPTIONS JAVA_TOOL_OPTIONS="-Dgsa.startup.quit=true" xvfb-run -a "$image/bin/$name" >"$work/training.log" 2>&1 ||
    { echo "error: the training run failed; see $work/training.log" >&2; exit 1; }
else
  step "  xvfb-run not found: the image's first run writes the archive (if its folder is writable)"
fi
[ -f "$image/lib/app/$name.jsa" ] && step "  $(du -h "$image/lib/app/$name.jsa" | cut -f1) archive"
step "image: $image ($(du -sh "$image" | cut -f1))"

if [ "$make_deb" = 1 ]; then
  # Made with dpkg-deb rather than jpackage: jpackage's .deb stamps every file with the time it was built, and the
  # JVM accepts a class-data archive only while each jar keeps the time and size it was archived with, so the
  # installed app would start without it. Here the image is copied with its times (cp -a; dpkg keeps them).
  step "debian package (dpkg-deb)"
  deb_root="$work/deb"
  mkdir -p "$deb_root/DEBIAN" "$deb_root/opt" "$deb_root/usr/bin" "$deb_root/usr/share/applications" \
    "$deb_root/usr/share/icons/hicolor/256x256/apps"
  cp -a "$image" "$deb_root/opt/$name"
  ln -s "/opt/$name/bin/$name" "$deb_root/usr/bin/$name"
  cp "$work/$name.png" "$deb_root/usr/share/icons/hicolor/256x256/apps/$name.png"
  cat >"$deb_root/usr/share/applications/$name.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=GSA Explorer
GenericName=Language model explorer
Comment=Watch a Gated Slot Attention language model think
Exec=/opt/$name/bin/$name
Icon=$name
Terminal=false
Categories=Education;Science;ArtificialIntelligence;
DESKTOP
  # GTK 3 for JavaFX's windows, libstdc++ for ND4J; OpenGL only for hardware rendering (software rendering is the
  # default), and JavaFX needs some font. (readelf -d of the native libraries inside the jars and the runtime.)
  cat >"$deb_root/DEBIAN/control" <<CONTROL
Package: $name
Version: $version
Architecture: amd64
Maintainer: GSA Explorer <gsa-explorer@localhost>
Installed-Size: $(du -sk "$deb_root" | cut -f1)
Depends: libc6, libstdc++6, zlib1g, libgtk-3-0 | libgtk-3-0t64, libxtst6
Recommends: libgl1, libxxf86vm1, fonts-dejavu-core
Section: science
Priority: optional
Description: Watch a Gated Slot Attention language model think
 The GSA Explorer desktop app and command line (gsa-explorer --help), with its own Java runtime and the bundled
 sample models.
CONTROL
  deb="$root/dist/${name}_${version}_amd64.deb"
  rm -f "$root/dist/${name}_"*.deb
  # SOURCE_DATE_EPOCH would clamp the files' times
  env -u SOURCE_DATE_EPOCH dpkg-deb --root-owner-group --build "$deb_root" "$deb" >/dev/null
  rm -rf "$deb_root"
  step "deb: $deb ($(du -h "$deb" | cut -f1))"
fi
