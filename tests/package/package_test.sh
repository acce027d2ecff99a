#!/usr/bin/env bash
# Builds the Debian package, inspects it, unpacks it into a throwaway root and
# runs the installed program there. Arguments: BUILD_DIR SOURCE_DIR.
set -euo pipefail
build=$1
fail() { echo "package test: $*" >&2; exit 1; }

cd "$build"
cpack -G DEB -B "$build/package" >/dev/null
deb=$(ls -t "$build"/package/portolan_*.deb | head -n 1)
[ -f "$deb" ] || fail "no package was built"

# The file list: program, designer library, desktop entry, icons, MIME type, metainfo, man page, examples.
list=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/portolan \
         ./usr/lib/portolan/libportolan-designer.so \
         ./usr/share/applications/portolan.desktop \
         ./usr/share/icons/hicolor/scalable/apps/portolan.svg \
         ./usr/share/icons/hicolor/48x48/apps/portolan.png \
         ./usr/share/icons/hicolor/256x256/apps/portolan.png \
         ./usr/share/mime/packages/portolan.xml \
         ./usr/share/metainfo/io.github.portolan.Portolan.metainfo.xml \
         ./usr/share/man/man1/portolan.1.gz \
         ./usr/share/portolan/examples/cas-two-primaries.portolan \
         ./usr/share/portolan/examples/lab.portolan \
         ./usr/share/doc/portolan/file-format.md \
         ./usr/share/portolan/tools/collect-hierarchy.ps1 \
         ./usr/share/doc/portolan/hierarchy-import.md \
         ./usr/share/doc/portolan/test-results.md; do
    grep -qxF "$f" <<<"$list" || fail "$f is missing from the package"
done

# Dependencies are Debian's runtime packages, found by dpkg-shlibdeps.
depends=$(dpkg-deb -f "$deb" Depends)
for d in libqt6core6 libqt6gui6 libqt6widgets6 libqt6svg6 libqt6printsupport6 libqcustomplot2.1-qt6 libxlsxwriter4 libcsv3; do
    grep -q "$d" <<<"$depends" || fail "Depends lacks $d: $depends"
done
grep -q -- "-dev" <<<"$depends" && fail "Depends names a -dev package: $depends"

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
version=$("$root/usr/bin/portolan" --version)
[ "$version" = "portolan $(dpkg-deb -f "$deb" Version)" ] || fail "installed portolan --version says: $version"
flows=$("$root/usr/bin/portolan" flows "$root/usr/share/portolan/examples/lab.portolan")
head -n 1 <<<"$flows" | grep -q '^Source,Source Address,Source Zone,Destination' || fail "flows printed no header"
[ "$(wc -l <<<"$flows")" -gt 20 ] || fail "flows printed too few rows"
"$root/usr/bin/portolan" check "$root/usr/share/portolan/examples/cas-two-primaries.portolan" >/dev/null \
    || fail "check failed on the installed example"
# A diagram export loads the designer library from where the package put it.
QT_QPA_PLATFORM=offscreen "$root/usr/bin/portolan" export "$root/usr/share/portolan/examples/lab.portolan" \
    --format pdf -o "$root/lab.pdf" || fail "export --format pdf failed from the installed program"
[ "$(head -c 5 "$root/lab.pdf")" = "%PDF-" ] || fail "export --format pdf wrote no PDF"

# Desktop integration files are valid, and the MIME type registers *.portolan.
appstreamcli validate --no-net --pedantic "$root/usr/share/metainfo/io.github.portolan.Portolan.metainfo.xml" \
    || fail "appstreamcli rejects the metainfo"
desktop-file-validate "$root/usr/share/applications/portolan.desktop" || fail "invalid desktop entry"
update-mime-database "$root/usr/share/mime"
grep -q 'glob pattern="\*.portolan"' "$root/usr/share/mime/application/x-portolan.xml" \
    || fail "the MIME type did not register"
zcat "$root/usr/share/man/man1/portolan.1.gz" | grep -q '^\.SH NAME' || fail "bad man page"
echo "package test: $(basename "$deb") OK"
