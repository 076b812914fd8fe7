#!/usr/bin/env bash
# Validates docker-compose.yml with Debian's docker-compose (no engine needed) and checks that every
# local path the Dockerfile copies exists.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v docker-compose >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get install -y -qq docker-compose >/dev/null 2>&1 || { $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq docker-compose >/dev/null; }
fi
# As a user runs it on a fresh clone: no .env, no variables set.
env -u LANES_API_KEYS docker-compose -f docker-compose.yml config -q
echo "compose: docker-compose.yml is valid"
missing=0
while read -r src; do
  [ -e "$src" ] || { echo "compose: Dockerfile copies '$src', which does not exist"; missing=1; }
done < <(grep -E '^COPY ' Dockerfile | grep -v -- '--from' | awk '{for (i=2; i<NF; i++) print $i}')
[ "$missing" -eq 0 ] && echo "compose: every file the Dockerfile copies exists"
exit "$missing"
