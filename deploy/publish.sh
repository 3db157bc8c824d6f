#!/usr/bin/env bash
# Builds the installable bundle, one command on a machine with the .NET 10 SDK:
#
#   deploy/publish.sh            -> artifacts/deploy/grader-<version>.tar.gz (and the folder beside it)
#
# The bundle: bin/grader (self-contained linux-x64: no .NET needed on the servers; one file
# with the runtime, API, dashboard and worker, not trimmed: MVC and EF Core reflect), deploy/
# (install.sh, the systemd units, grader.env, Caddyfile, the PostgreSQL and backup scripts),
# docs/deploy.md and VERSION. Copy the archive to each machine and run deploy/install.sh there.
# The same program serves every role (grader serve, grader worker): docs/deploy.md says why.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "publish.sh: $*" >&2; }
command -v dotnet >/dev/null || { say "the .NET 10 SDK is required (dotnet not on PATH)"; exit 2; }

version=$(git describe --always --dirty 2>/dev/null || echo unknown)
out=artifacts/deploy/grader-$version
rm -rf artifacts/deploy
mkdir -p "$out/bin" "$out/docs"
say "publishing grader $version (self-contained linux-x64, single file)"
dotnet publish src/Grader.Cli/Grader.Cli.csproj -c Release -r linux-x64 --self-contained --nologo -v quiet \
  -p:PublishSingleFile=true -p:DebugType=embedded -p:SatelliteResourceLanguages=en \
  -o "$out/bin" >artifacts/deploy/publish.log 2>&1 \
  || { tail -n 30 artifacts/deploy/publish.log >&2; say "publish failed (log: artifacts/deploy/publish.log)"; exit 1; }
cp -r deploy "$out/deploy"
rm -rf "$out/deploy/test" "$out/deploy/github"
cp docs/deploy.md "$out/docs/"
echo "grader $version, built $(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$out/VERSION"
"$out/bin/grader" --help >/dev/null || { say "the published grader does not run"; exit 1; }
tar -C artifacts/deploy -czf "artifacts/deploy/grader-$version.tar.gz" "grader-$version"
echo "$out"
say "bundle: artifacts/deploy/grader-$version.tar.gz ($(du -h "artifacts/deploy/grader-$version.tar.gz" | cut -f1)); program $(du -h "$out/bin/grader" | cut -f1)"
