#!/usr/bin/env bash
# Installs what Lanes needs on Debian/Ubuntu: libhiredis-dev and a Valkey
# (bookworm-backports on Debian 12) or Redis server. Idempotent; quiet when done.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

need=()
pkg-config --exists hiredis 2>/dev/null || need+=(libhiredis-dev)
command -v pkg-config >/dev/null || need+=(pkg-config)
if ! command -v valkey-server >/dev/null && ! command -v redis-server >/dev/null; then
  need+=(server)
fi
[ "${LANES_NEED_TOOLS:-}" = "" ] || for t in $LANES_NEED_TOOLS; do command -v "$t" >/dev/null || need+=("$t"); done
[ ${#need[@]} -eq 0 ] && exit 0

export DEBIAN_FRONTEND=noninteractive
codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
if [ "$codename" = "bookworm" ] && ! grep -rqs "bookworm-backports" /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "deb http://deb.debian.org/debian bookworm-backports main" | $SUDO tee /etc/apt/sources.list.d/bookworm-backports.list >/dev/null
fi
$SUDO apt-get update -qq >/dev/null || { echo "apt-get update failed: check the network or apt sources" >&2; exit 1; }

pkgs=()
for p in "${need[@]}"; do
  case "$p" in
    server) ;;
    wrk|redis-benchmark) [ "$p" = redis-benchmark ] && pkgs+=(redis-tools) || pkgs+=(wrk) ;;
    chromedriver) pkgs+=(chromium-driver) ;;
    *) pkgs+=("$p") ;;
  esac
done
[ ${#pkgs[@]} -eq 0 ] || $SUDO apt-get install -y -qq "${pkgs[@]}" >/dev/null \
  || { echo "cannot install ${pkgs[*]}: run 'apt-get install ${pkgs[*]}' by hand" >&2; exit 1; }

if printf '%s\n' "${need[@]}" | grep -qx server; then
  if [ "$codename" = "bookworm" ]; then
    $SUDO apt-get install -y -qq -t bookworm-backports valkey-server >/dev/null 2>&1 || true
  else
    $SUDO apt-get install -y -qq valkey-server >/dev/null 2>&1 || true
  fi
  if ! command -v valkey-server >/dev/null; then
    $SUDO apt-get install -y -qq redis-server >/dev/null \
      || { echo "cannot install valkey-server or redis-server: install one by hand" >&2; exit 1; }
  fi
  # The packaged service is not needed: tests and scripts start their own server.
  $SUDO systemctl disable --now valkey-server redis-server >/dev/null 2>&1 || true
  pkill -x valkey-server 2>/dev/null || true; pkill -x redis-server 2>/dev/null || true
fi
