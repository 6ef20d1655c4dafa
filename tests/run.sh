#!/usr/bin/env bash
# Runs Rill's whole test suite from a clean clone on Debian 12:
# installs the build dependencies that are missing, builds the project three
# times (a normal build in _build, an AddressSanitizer/UBSan build in
# _build-sanitize, and the core library with the portable ucontext fiber
# switch in _build-ucontext), runs `meson test` in each under a virtual X
# display, and the core tests once more under Valgrind's leak check.
# Exits non-zero when anything fails; the last line is "N passed, N failed".
set -u -o pipefail

cd "$(dirname "$0")/.."
top=$(pwd)

packages=(meson ninja-build gcc pkg-config libglib2.0-dev libgtk-4-dev gettext
          gobject-introspection libgirepository1.0-dev gi-docgen python3-gi
          gir1.2-gtk-4.0 libsqlite3-dev valgrind xvfb xauth dbus-daemon desktop-file-utils openbox appstream)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q || exit 1
  $sudo apt-get install -y -q "${missing[@]}" || exit 1
fi

status=0
run_suite () {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" || return 1
  fi
  meson compile -C "$dir" || return 1
  xvfb-run -a -s "-screen 0 1280x1024x24" \
    meson test -C "$dir" --print-errorlogs --num-processes 2 || return 1
}

echo "=== Build and test: $top/_build"
run_suite _build -Dbuildtype=debugoptimized || status=1

echo "=== The core tests under Valgrind's leak check: $top/_build"
meson test -C _build --setup valgrind --suite core --print-errorlogs --num-processes 2 || status=1

echo "=== Build and test with AddressSanitizer and UBSan: $top/_build-sanitize"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite _build-sanitize -Dbuildtype=debug -Db_sanitize=address,undefined \
            -Db_lundef=false -Dintrospection=disabled -Ddocumentation=disabled || status=1

echo "=== Build and test the portable ucontext fiber switch: $top/_build-ucontext"
run_suite _build-ucontext -Dbuildtype=debugoptimized -Dfiber_switch=ucontext \
          -Dgtk=disabled -Ddemo=disabled -Dintrospection=disabled -Ddocumentation=disabled || status=1

summary=$(python3 - "$top/_build/meson-logs/testlog.json" "$top/_build/meson-logs/testlog-valgrind.json" \
                    "$top/_build-sanitize/meson-logs/testlog.json" \
                    "$top/_build-ucontext/meson-logs/testlog.json" <<'PY'
import json, sys
passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path).read().splitlines()
    except OSError:
        continue
    for line in lines:
        if not line.strip():
            continue
        r = json.loads(line)
        if r.get("result") in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r.get("result") == "SKIP":
            skipped += 1
        else:
            failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)
[ -n "$summary" ] || summary="0 passed, 1 failed, 0 skipped"
case "$summary" in
  "0 passed, "*) status=1 ;;
  *", 0 failed, "*) ;;
  *) status=1 ;;
esac
echo "$summary"
exit $status
