#!/usr/bin/env bash
# Installs what is missing, builds into build/ and starts Autopack on the embedded
# SQLite default. Arguments are passed on (e.g. --headless, --db PATH, --demo).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
exec "$root/build/app/autopack" "$@"
