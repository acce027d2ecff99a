#!/usr/bin/env bash
# Fault injection over `portolan export` (every format), the headless commands
# and the design loader: full disks, read-only folders and files, devices,
# pipes, symbolic links and the design as its own output. The rule it checks:
# no success without a complete file, and the previous file byte-identical
# after any failure. Runs itself in a private mount namespace (unshare -rm)
# so that it can mount small tmpfs file systems without touching the machine.
# Arguments: PORTOLAN_BINARY EXAMPLES_DIR APP_TESTS_BINARY
set -euo pipefail
portolan=$(readlink -f "$1")
examples=$(readlink -f "$2")
app_tests=$(readlink -f "$3")
if [ -z "${PORTOLAN_FAULTS_INSIDE:-}" ]; then
    PORTOLAN_FAULTS_INSIDE=1 exec unshare -rm bash "$(readlink -f "$0")" "$portolan" "$examples" "$app_tests"
fi
export QT_QPA_PLATFORM=offscreen
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$(dirname "$(readlink -f "$0")")/../sanitizers/lsan.supp}
failures=0
checks=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { checks=$((checks + 1)); }

work=$(mktemp -d)
trap 'umount "$work/full" 2>/dev/null || true; umount "$work/ro" 2>/dev/null || true; rm -rf "$work"' EXIT
design="$work/design.portolan"
cp "$examples/cas-two-primaries.portolan" "$design"
formats="csv xlsx powershell nftables asa nsg porttest svg pdf png"

# Each export once on a roomy disk: the sizes tell how full the small disk must be.
declare -A size
for f in $formats; do
    "$portolan" export "$design" --format "$f" -o "$work/ref.$f" 2>/dev/null || fail "$f: export on a roomy disk failed"
    size[$f]=$(stat -c %s "$work/ref.$f")
done

# 1. A full disk: the old file stays byte-identical, exit 2, the file named, no temporary left behind.
mkdir -p "$work/full"
for f in $formats; do
    mount -t tmpfs -o size=2m none "$work/full"
    printf 'previous content of %s\n' "$f" > "$work/full/out.$f"
    cp "$work/full/out.$f" "$work/before"
    cp "$design" "$work/full/design.portolan"
    # Leave room for a third of the export.
    read -r blocks blocksize < <(stat -f -c '%a %S' "$work/full")
    free=$((blocks * blocksize))
    fill=$(( free - size[$f] / 3 ))
    [ "$fill" -gt 0 ] && head -c "$fill" /dev/zero > "$work/full/filler" 2>/dev/null || true
    rc=0
    "$portolan" export "$work/full/design.portolan" --format "$f" -o "$work/full/out.$f" 2> "$work/err" || rc=$?
    [ "$rc" -eq 2 ] || fail "$f on a full disk: exit $rc, expected 2"
    cmp -s "$work/before" "$work/full/out.$f" || fail "$f on a full disk: the previous file was changed"
    grep -q "$work/full/out.$f" "$work/err" || fail "$f on a full disk: the message does not name the file: $(cat "$work/err")"
    leftovers=$(ls -A "$work/full" | grep -v -x -e "out.$f" -e design.portolan -e filler || true)
    [ -z "$leftovers" ] || fail "$f on a full disk: left behind $leftovers"
    umount "$work/full"
    pass
done

# 1b. File > Save on a full disk (the designer's controller, in app_tests): the file
#     stays byte-identical and the design stays marked modified.
mount -t tmpfs -o size=1m none "$work/full"
cp "$design" "$work/full/design.portolan"
read -r blocks blocksize < <(stat -f -c '%a %S' "$work/full")
head -c $((blocks * blocksize - 2048)) /dev/zero > "$work/full/filler" 2>/dev/null || true
rc=0
PORTOLAN_FULL_DISK_DIR="$work/full" "$app_tests" --gtest_filter='SaveFaults.*' > "$work/out" 2>&1 || rc=$?
rm -f "$work/full/filler"
umount "$work/full"
if [ "$rc" -ne 0 ] || ! grep -q '\[  PASSED  \] 1 test' "$work/out"; then
    fail "save on a full disk: $(cat "$work/out")"
fi
pass

# 2. Standard output on a full device: exit 2 and a message.
printf '{"format": "portolan-design", "version": 1, "name": "x",
  "sites": [{"id": "s", "code": "P01", "kind": "primary"}]}\n' > "$work/incomplete.portolan"
for cmd in "flows $design" "catalog" "check $work/incomplete.portolan" "diff $examples/lab.portolan $design"; do
    rc=0
    $portolan $cmd > /dev/full 2> "$work/err" || rc=$?
    [ "$rc" -eq 2 ] || fail "portolan $cmd > /dev/full: exit $rc, expected 2"
    grep -q "standard output" "$work/err" || fail "portolan $cmd > /dev/full: no message"
    pass
done

# 3. Outputs that must be refused before anything is written.
cp "$design" "$work/keep.portolan"
mkdir -p "$work/folder"
mkfifo "$work/pipe"
printf 'read-only\n' > "$work/readonly.csv"
chmod 444 "$work/readonly.csv"
for f in $formats; do
    for target in "$design" /dev/null "$work/folder" "$work/pipe" "$work/readonly.csv"; do
        rc=0
        timeout 20 "$portolan" export "$design" --format "$f" -o "$target" 2> "$work/err" || rc=$?
        [ "$rc" -eq 2 ] || fail "$f to $target: exit $rc, expected 2"
        grep -q "cannot write" "$work/err" || fail "$f to $target: unclear message: $(cat "$work/err")"
        pass
    done
    cmp -s "$design" "$work/keep.portolan" || fail "$f: the design was changed by exporting over it"
    [ -c /dev/null ] || fail "$f: /dev/null is no longer a device"
    [ "$(cat "$work/readonly.csv")" = read-only ] || fail "$f: the read-only file was changed"
done

# A hard link to the design is the design too.
ln "$design" "$work/alias.csv"
rc=0
"$portolan" export "$design" --format csv -o "$work/alias.csv" 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] && cmp -s "$design" "$work/keep.portolan" || fail "export over a hard link of the design was not refused"
pass

# 4. A read-only file system: exit 2, nothing changed.
mkdir -p "$work/ro"
mount -t tmpfs -o size=1m none "$work/ro"
printf 'old\n' > "$work/ro/out.csv"
mount -o remount,ro "$work/ro"
for f in $formats; do
    rc=0
    "$portolan" export "$design" --format "$f" -o "$work/ro/out.csv" 2>/dev/null || rc=$?
    [ "$rc" -eq 2 ] || fail "$f on a read-only file system: exit $rc"
    [ "$(cat "$work/ro/out.csv")" = old ] || fail "$f on a read-only file system: the file changed"
    pass
done

# 5. Symbolic links: an output that is a link is written through to its target, for
#    every format; a link planted where an older Portolan put its temporary file is
#    never followed, and nothing outside the output changes.
mkdir -p "$work/links"
for f in $formats; do
    printf 'elsewhere\n' > "$work/victim"
    printf 'old\n' > "$work/links/real.$f"
    ln -sf "$work/links/real.$f" "$work/links/link.$f"
    ln -sf "$work/victim" "$work/links/link.$f.portolan-tmp"
    ln -sf "$work/victim" "$work/links/real.$f.portolan-tmp"
    "$portolan" export "$design" --format "$f" -o "$work/links/link.$f" 2>/dev/null || fail "$f through a symbolic link failed"
    [ -L "$work/links/link.$f" ] || fail "$f: the symbolic link was replaced by a file"
    cmp -s "$work/links/real.$f" "$work/ref.$f" || [ "$f" = pdf ] || [ "$f" = xlsx ] ||
        fail "$f: the link's target does not hold the export"
    [ "$(stat -c %s "$work/links/real.$f")" -gt 100 ] || fail "$f: the link's target is not written"
    [ "$(cat "$work/victim")" = elsewhere ] || fail "$f: a file outside the output was written through a planted link"
    pass
done

# 6. Inputs that are not regular files are refused at once, never waited on.
for cmd in check flows; do
    for input in "$work/pipe" /dev/zero "$work/folder"; do
        rc=0
        timeout 10 "$portolan" $cmd "$input" >/dev/null 2> "$work/err" || rc=$?
        [ "$rc" -eq 2 ] || fail "portolan $cmd $input: exit $rc, expected 2 (124 means it hung)"
        grep -q "$input" "$work/err" || fail "portolan $cmd $input: the message does not name the input"
        pass
    done
done

echo "export faults: $checks passed, $failures failed"
[ "$failures" -eq 0 ]
