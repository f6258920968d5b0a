#!/usr/bin/env bash
# Installs Debian's Keystone, Cinder API, Heat API/engine and Glance API for the upstream proof run.
# Idempotent: with every package present it only reports and exits.
# Package postinst scripts would start daemons listening on 0.0.0.0; a policy-rc.d that
# exits 101 forbids that, and anything started anyway is stopped afterwards.
set -euo pipefail

PACKAGES=(keystone uwsgi-core uwsgi-plugin-python3 cinder-api heat-api heat-engine glance-api sqlite3 curl)
# Services the packages ship; none may keep running, our start.sh runs its own copies on loopback.
SERVICES=(keystone cinder-api heat-api heat-engine heat-api-cfn glance-api uwsgi apache2)

if [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: must run as root (apt-get)" >&2
  exit 1
fi

t0=$(date +%s)
missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install.sh: all packages already installed (${PACKAGES[*]})"
  exit 0
fi
echo "install.sh: installing ${missing[*]}"

POLICY=/usr/sbin/policy-rc.d
BACKUP=""
if [ -e "$POLICY" ]; then
  BACKUP=$(mktemp /tmp/policy-rc.d.XXXXXX)
  cp -p "$POLICY" "$BACKUP"
fi
restore_policy() {
  if [ -n "$BACKUP" ]; then
    cp -p "$BACKUP" "$POLICY" && rm -f "$BACKUP"
  else
    rm -f "$POLICY"
  fi
}
trap restore_policy EXIT
printf '#!/bin/sh\n# temporary: forbid daemon starts during package installation\nexit 101\n' >"$POLICY"
chmod 0755 "$POLICY"

export DEBIAN_FRONTEND=noninteractive
# Debian's openstack-pkg-tools ask debconf about databases, endpoints and passwords; the
# noninteractive frontend takes each default, which configures nothing remote.
t1=$(date +%s)
# Package lists older than a day (or none at all) are refreshed once.
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages' -mmin -1440 2>/dev/null | head -1)" ]; then
  timeout 600 apt-get update -q
fi
t2=$(date +%s)
timeout 1200 apt-get install -y -q --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  "${missing[@]}"
t3=$(date +%s)

# Stop whatever a postinst managed to start despite the policy (direct daemon starts).
for s in "${SERVICES[@]}"; do
  if [ -x "/etc/init.d/$s" ]; then
    "/etc/init.d/$s" stop >/dev/null 2>&1 || true
  fi
done
# Anything still listening on a service port is reported, not guessed at by name.
for port in 5000 8776 8004 8000 9292 35357; do
  if ss -Hltn "sport = :$port" 2>/dev/null | grep -q .; then
    echo "install.sh: WARNING: something listens on port $port after installation:" >&2
    ss -Hltnp "sport = :$port" >&2 || true
  fi
done

echo "install.sh: apt-get update $((t2 - t1))s, apt-get install $((t3 - t2))s, total $(( $(date +%s) - t0 ))s"
