#!/usr/bin/env bash
# Installs (or upgrades) Grader on this machine from the bundle deploy/publish.sh made; run it
# as root from the unpacked bundle (grader-<version>/deploy/install.sh):
#
#   /opt/grader/                  the self-contained grader program (replaced on upgrade)
#   /opt/grader/deploy/           run-unit.sh, envfile.sh, postgres/, backup/, caddy/ (reference copies)
#   /opt/grader/docs/deploy.md
#   /etc/systemd/system/          grader-api.service, grader-worker@.service (+ the gpu drop-in)
#   /etc/grader/grader.env        the settings, from deploy/grader.env; kept if it exists
#   /usr/local/bin/grader         `grader` with those settings, for admin commands
#   user and group `grader`       a system user, home /var/lib/grader, no login shell
#
# It enables and starts nothing: edit /etc/grader/grader.env, then `systemctl enable --now
# grader-api` or `grader-worker@cpu` (docs/deploy.md). --root DIR installs under DIR instead
# of / and creates no user (the multi-host test installs each of its hosts that way).
set -euo pipefail
bundle=$(cd "$(dirname "$0")/.." && pwd)
root=""
if [ "${1:-}" = "--root" ]; then root=${2%/}; shift 2; fi
say() { echo "install.sh: $*" >&2; }
[ "$(id -u)" -eq 0 ] || { say "run as root"; exit 2; }
[ -x "$bundle/bin/grader" ] || { say "no $bundle/bin/grader: run this from a bundle made by deploy/publish.sh"; exit 2; }

if [ -z "$root" ] && ! id grader >/dev/null 2>&1; then
  useradd --system --user-group --home-dir /var/lib/grader --no-create-home --shell /usr/sbin/nologin grader
  say "created the system user grader"
fi
group=root
id grader >/dev/null 2>&1 && group=grader

install -d -m 0755 "$root/opt/grader" "$root/opt/grader/deploy" "$root/opt/grader/docs" "$root/etc/systemd/system" "$root/usr/local/bin"
install -d -m 0750 -g "$group" "$root/etc/grader"
# The program: copied beside the running one and renamed over it, so a running service keeps
# its old file until it restarts.
for f in "$bundle"/bin/*; do
  install -m 0755 "$f" "$root/opt/grader/.$(basename "$f").new"
  mv -f "$root/opt/grader/.$(basename "$f").new" "$root/opt/grader/$(basename "$f")"
done
cp -r "$bundle/deploy/." "$root/opt/grader/deploy/"
install -m 0644 "$bundle/docs/deploy.md" "$root/opt/grader/docs/deploy.md"
install -m 0644 "$bundle/deploy/systemd/grader-api.service" "$bundle/deploy/systemd/grader-worker@.service" "$root/etc/systemd/system/"
install -d -m 0755 "$root/etc/systemd/system/grader-worker@gpu.service.d"
install -m 0644 "$bundle/deploy/systemd/grader-worker@gpu.service.d/gpu.conf" "$root/etc/systemd/system/grader-worker@gpu.service.d/"
if [ -f "$root/etc/grader/grader.env" ]; then
  say "kept $root/etc/grader/grader.env (compare with $root/opt/grader/deploy/grader.env for new settings)"
else
  install -m 0640 -g "$group" "$bundle/deploy/grader.env" "$root/etc/grader/grader.env"
  say "wrote $root/etc/grader/grader.env: set GRADER_DB and the rest there"
fi
cat >"$root/usr/local/bin/grader" <<WRAPPER
#!/usr/bin/env bash
# grader with the service's settings ($root/etc/grader/grader.env), e.g. grader admin import-rubrics ...
. "$root/opt/grader/deploy/envfile.sh"
settings=()
read_env_file "$root/etc/grader/grader.env" settings
exec env "\${settings[@]}" "$root/opt/grader/grader" "\$@"
WRAPPER
chmod 0755 "$root/usr/local/bin/grader"

if [ -z "$root" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
say "installed $(cat "$bundle/VERSION" 2>/dev/null || echo grader) under ${root:-/}"
