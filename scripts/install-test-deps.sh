#!/usr/bin/env bash
# Installs what the tests need beyond npm, from Debian/Ubuntu packages:
# - a real Prometheus server, for the Prometheus metrics source's tests. Skipped when
#   `prometheus` is already on PATH or ROLLGATE_PROMETHEUS names one.
# - Chromium, which renders the golden job summaries headless as a reviewer's browser would
#   (test/summaries/summary-render.test.ts). Skipped when `chromium` is already on PATH (GitHub's
#   Ubuntu runners ship one) or ROLLGATE_CHROMIUM names one.
# - faketime, for CI's second run of the suite on a clock moved years ahead.
# Prints each version either way.
set -euo pipefail

# apt-get install -y --no-install-recommends <package>, as root or through sudo; refreshes the
# package lists once if the first attempt fails (a fresh container has none).
apt_install() {
  local package="$1" hint="$2"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: $package is not on PATH and apt-get is not available;" >&2
    echo "  $hint" >&2
    exit 1
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "install-test-deps: not root and no sudo; run as root: apt-get install -y $package" >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "install-test-deps: installing $package with apt-get"
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends "$package"; then
    "${sudo[@]}" apt-get update
    "${sudo[@]}" apt-get install -y --no-install-recommends "$package"
  fi
}

if [ -n "${ROLLGATE_PROMETHEUS:-}" ]; then
  prometheus_bin="$ROLLGATE_PROMETHEUS"
elif command -v prometheus >/dev/null 2>&1; then
  prometheus_bin="$(command -v prometheus)"
else
  apt_install prometheus 'install Prometheus (>= 2.x) and put it on PATH or set ROLLGATE_PROMETHEUS'
  prometheus_bin="$(command -v prometheus)"
fi

if [ -n "${ROLLGATE_CHROMIUM:-}" ]; then
  chromium_bin="$ROLLGATE_CHROMIUM"
elif command -v chromium >/dev/null 2>&1; then
  chromium_bin="$(command -v chromium)"
else
  apt_install chromium 'install Chromium (or Chrome) and put it on PATH as chromium or set ROLLGATE_CHROMIUM'
  chromium_bin="$(command -v chromium)"
fi

# faketime (libfaketime): CI runs the suite again on a clock moved years ahead, so a test that
# depends on today's date fails the day it is written, not the day its fixture expires.
if ! command -v faketime >/dev/null 2>&1; then
  apt_install faketime 'install libfaketime (Debian/Ubuntu package faketime) so the shifted-clock run can start'
fi

"$prometheus_bin" --version 2>&1 | head -n 1
# stderr dropped: Debian's launcher script prints a shell warning there before the version.
"$chromium_bin" --version 2>/dev/null | head -n 1
