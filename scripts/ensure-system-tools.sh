#!/usr/bin/env bash
# Make sure the system tools a target needs are installed.
#   usage: scripts/ensure-system-tools.sh COMMAND:DEBIAN_PACKAGE ...
# Missing tools are installed with apt-get when running as root; otherwise this stops with the
# exact command to run. Quick when everything is present (one `command -v` per tool).
set -euo pipefail

missing_packages=()
for pair in "$@"; do
  cmd=${pair%%:*}
  pkg=${pair#*:}
  case "$cmd" in
    # The python3 venv module is its own Debian package (python3-venv).
    python3-venv) python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing_packages+=("$pkg") ;;
    chromium)
      if [ -n "${PORTFOLIO_CHROMIUM:-}" ]; then
        [ -x "$PORTFOLIO_CHROMIUM" ] || { echo "PORTFOLIO_CHROMIUM=$PORTFOLIO_CHROMIUM is not an executable" >&2; exit 1; }
      else
        command -v chromium >/dev/null 2>&1 || missing_packages+=("$pkg")
      fi ;;
    *) command -v "$cmd" >/dev/null 2>&1 || missing_packages+=("$pkg") ;;
  esac
done

[ ${#missing_packages[@]} -eq 0 ] && exit 0

install_cmd="apt-get install -y --no-install-recommends ${missing_packages[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing_packages[*]}" >&2
  echo "Install them, then run make again:" >&2
  echo "    sudo apt-get update && sudo $install_cmd" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing_packages[*]}, and apt-get is not available." >&2
  echo "Install the equivalent packages with your system's package manager." >&2
  exit 1
fi
echo "Installing system packages: ${missing_packages[*]}"
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when they are missing or older than a day.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null | head -1)" ]; then
  apt-get update -qq
fi
$install_cmd -qq
