#!/usr/bin/env bash
# Installs the system packages Kura's tests need: headless Chromium and a Japanese font (web
# verifier tests and their screenshots), PostgreSQL (ledger ingestion tests) and SoftHSM2 (PKCS#11 token tests:
# keys and the master secret in an HSM). Idempotent; skips what is already there.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
dpkg -s fonts-ipafont-gothic >/dev/null 2>&1 || need+=(fonts-ipafont-gothic)
command -v softhsm2-util >/dev/null 2>&1 || need+=(softhsm2)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "system test dependencies: chromium $(chromium --version 2>/dev/null | awk '{print $2}'), postgres $(ls /usr/lib/postgresql/ | tail -1), softhsm2 $(softhsm2-util --version 2>/dev/null)"
