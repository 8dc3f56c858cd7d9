#!/usr/bin/env bash
# Installs what is missing, builds into build/ and runs every test with CTest.
# Extra arguments go to ctest (e.g. -L git, -R tst_store).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
cd "$root/build"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure --timeout 600 "$@"
