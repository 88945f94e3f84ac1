#!/usr/bin/env bash
# Make sure the Debian packages a target needs are installed: the one list of system packages.
#   usage: scripts/ensure-system-tools.sh GROUP...   (groups: venv build browser node)
# Missing packages are installed with apt-get when running as root; otherwise this stops with the
# exact command to run. Quick when everything is present (one dpkg query per package).
set -euo pipefail

# Fonts are declared, not left to chance: Chromium without fonts-liberation falls back to DejaVu,
# and the diagrams' text widths depend on the fonts Graphviz measures with.
FONTS="fonts-liberation fonts-dejavu-core fontconfig"
declare -A PACKAGE_GROUPS=(
  [venv]="python3-venv"
  [build]="graphviz $FONTS"
  [browser]="chromium poppler-utils $FONTS"
  [node]="nodejs npm"
)

installed() {
  case "$1" in
    # The venv module of the python3 on PATH (a setup-python one on CI), not only the package.
    python3-venv) python3 -c 'import ensurepip, venv' >/dev/null 2>&1 ;;
    chromium)
      if [ -n "${PORTFOLIO_CHROMIUM:-}" ]; then
        [ -x "$PORTFOLIO_CHROMIUM" ] || { echo "PORTFOLIO_CHROMIUM=$PORTFOLIO_CHROMIUM is not an executable" >&2; exit 1; }
        return 0
      fi
      dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed" ;;
    nodejs) command -v node >/dev/null 2>&1 ;;
    npm) command -v npm >/dev/null 2>&1 ;;
    *)
      if command -v dpkg-query >/dev/null 2>&1; then
        dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
      else
        return 0  # not Debian: nothing to check against; the tests say what is missing
      fi ;;
  esac
}

missing=()
for group in "$@"; do
  [ -n "${PACKAGE_GROUPS[$group]+x}" ] || { echo "unknown group '$group' (venv build browser node)" >&2; exit 2; }
  for pkg in ${PACKAGE_GROUPS[$group]}; do
    installed "$pkg" || [[ " ${missing[*]} " == *" $pkg "* ]] || missing+=("$pkg")
  done
done
[ ${#missing[@]} -eq 0 ] && exit 0

install_cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them, then run make again:" >&2
  echo "    sudo apt-get update && sudo $install_cmd" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]}, and apt-get is not available." >&2
  echo "Install the equivalent packages with your system's package manager." >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when they are missing or older than a day.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -1)" ]; then
  apt-get update -qq
fi
$install_cmd -qq
# New fonts are visible to Chromium and Graphviz only once fontconfig's cache knows them.
command -v fc-cache >/dev/null 2>&1 && fc-cache -f >/dev/null 2>&1 || true
