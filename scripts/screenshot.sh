#!/usr/bin/env bash
# Starts Autopack under Xvfb on a fresh demo database and saves a screenshot of the
# whole screen: ./scripts/screenshot.sh docs/screenshot-main.png [extra autopack args]
# AUTOPACK_BIN=path/to/autopack takes another build than build/.
# Needs imagemagick (import), a documentation aid only, so install-deps.sh leaves it out.
set -euo pipefail
if ! command -v import >/dev/null 2>&1; then
  sudo_=(); [ "$(id -u)" -eq 0 ] || sudo_=(sudo -n)
  DEBIAN_FRONTEND=noninteractive "${sudo_[@]}" apt-get install -y -qq --no-install-recommends imagemagick >/dev/null
fi
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:?usage: screenshot.sh OUT.png [autopack args]}
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xvfb-run -a -s "-screen 0 1400x860x24" bash -c '
  "$0" --db "$1/demo.db" --demo "${@:3}" &
  pid=$!
  sleep "${AUTOPACK_SCREENSHOT_DELAY:-4}"
  import -window root "$2"
  kill $pid; wait $pid || true
' "${AUTOPACK_BIN:-$root/build/app/autopack}" "$tmp" "$out" "$@"
echo "wrote $out"
