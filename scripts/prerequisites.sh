#!/usr/bin/env bash
# Installs the Debian packages the tests and the service need, when they are missing:
# a fresh CI machine has only the .NET SDK. Needs root (CI runs as root); elsewhere it says what
# to install and carries on, and the tests that need a package skip with that message.
set -uo pipefail

# libonnx-testdata: ONNX's backend node tests (the engine's conformance test); python3-torch,
# -torchvision, -onnx: export torchvision's networks for the architecture tests (cached in .data).
# caddy: the reverse proxy of deploy/caddy/Caddyfile, in front of the API in deploy/test/multihost.sh.
# bubblewrap: the sandbox model evaluations run in (docs/models.md); its tests skip without it.
packages=(dataset-fashion-mnist chromium libonnx-testdata python3-torch python3-torchvision python3-onnx caddy bubblewrap)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# NVRTC (the CUDA runtime compiler, from Debian's non-free section) compiles the GPU backend's
# kernels without a GPU, so their CUDA C is checked on every machine; no driver is installed.
nvrtc_missing=0
ls /usr/lib/x86_64-linux-gnu/libnvrtc.so.* >/dev/null 2>&1 || nvrtc_missing=1
[ ${#missing[@]} -eq 0 ] && [ $nvrtc_missing -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "prerequisites: please install ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
  echo "prerequisites: installing ${missing[*]}"
  apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null \
    || echo "prerequisites: could not install ${missing[*]}" >&2
fi
if [ $nvrtc_missing -eq 1 ]; then
  codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
  if [ -n "$codename" ] && [ -f /usr/share/keyrings/debian-archive-keyring.gpg ]; then
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: %s\nComponents: contrib non-free\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$codename" >/etc/apt/sources.list.d/grader-nonfree.sources
    apt-get update -qq >/dev/null 2>&1
  fi
  nvrtc=$(apt-cache search --names-only '^libnvrtc[0-9.]+$' 2>/dev/null | awk '{print $1}' | sort -V | tail -1)
  builtins=$(apt-cache search --names-only '^libnvrtc-builtins[0-9.]+$' 2>/dev/null | awk '{print $1}' | sort -V | tail -1)
  if [ -n "$nvrtc" ]; then
    echo "prerequisites: installing $nvrtc $builtins (kernel compile tests)"
    apt-get install -y -qq --no-install-recommends "$nvrtc" $builtins >/dev/null \
      || echo "prerequisites: could not install $nvrtc; the kernel compile tests will skip" >&2
  else
    echo "prerequisites: no libnvrtc package found; the kernel compile tests will skip" >&2
  fi
fi
