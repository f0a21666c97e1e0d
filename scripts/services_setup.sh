#!/usr/bin/env bash
# Test setup for the multi-replica test: Debian's PostgreSQL, Redis and nginx. Installs what is
# missing (as root, or with sudo); the test itself starts private instances on free ports.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installeren (apt-get) voor de replicatest: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "Ontbreekt: ${missing[*]}; installeer deze Debian-pakketten als root." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -1), $(redis-server --version | cut -d' ' -f3), $(/usr/sbin/nginx -v 2>&1)"
