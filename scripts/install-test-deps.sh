#!/usr/bin/env bash
# Installs what the tests need beyond npm: a real Prometheus server (Debian/Ubuntu package),
# for the Prometheus metrics source's tests. Does nothing when `prometheus` is already on PATH
# or ROLLGATE_PROMETHEUS names one. Prints the version either way.
set -euo pipefail

if [ -n "${ROLLGATE_PROMETHEUS:-}" ]; then
  prometheus_bin="$ROLLGATE_PROMETHEUS"
elif command -v prometheus >/dev/null 2>&1; then
  prometheus_bin="$(command -v prometheus)"
else
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: prometheus is not on PATH and apt-get is not available;" >&2
    echo "  install Prometheus (>= 2.x) and put it on PATH or set ROLLGATE_PROMETHEUS" >&2
    exit 1
  fi
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "install-test-deps: not root and no sudo; run as root: apt-get install -y prometheus" >&2
      exit 1
    fi
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "install-test-deps: installing prometheus with apt-get"
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends prometheus; then
    "${sudo[@]}" apt-get update
    "${sudo[@]}" apt-get install -y --no-install-recommends prometheus
  fi
  prometheus_bin="$(command -v prometheus)"
fi

"$prometheus_bin" --version 2>&1 | head -n 1
