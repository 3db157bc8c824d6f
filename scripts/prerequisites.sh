#!/usr/bin/env bash
# Installs the Debian packages the tests and the service need, when they are missing:
# a fresh CI machine has only the .NET SDK. Needs root (CI runs as root); elsewhere it says what
# to install and carries on, and the tests that need a package skip with that message.
set -uo pipefail

packages=(dataset-fashion-mnist chromium)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "prerequisites: please install ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 0
fi
echo "prerequisites: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null \
  || echo "prerequisites: could not install ${missing[*]}" >&2
