#!/usr/bin/env bash
# Installs the system packages Kura's tests need: headless Chromium and a Japanese font (web
# verifier tests and their screenshots) and PostgreSQL (ledger ingestion tests). Idempotent; skips what is already there.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
dpkg -s fonts-ipafont-gothic >/dev/null 2>&1 || need+=(fonts-ipafont-gothic)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "system test dependencies: chromium $(chromium --version 2>/dev/null | awk '{print $2}'), postgres $(ls /usr/lib/postgresql/ | tail -1)"
