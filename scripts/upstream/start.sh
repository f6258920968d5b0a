#!/usr/bin/env bash
# Starts real upstream Keystone, Cinder API, Heat (API + engine) and Glance API on 127.0.0.1 with SQLite,
# seeds data and writes DIR/clouds.yaml (cloud "upstream") and DIR/seed.json.
# Usage: scripts/upstream/start.sh DIR
# Ports: UPSTREAM_KEYSTONE_PORT (35357), UPSTREAM_CINDER_PORT (8776), UPSTREAM_HEAT_PORT (8004),
# UPSTREAM_GLANCE_PORT (9292);
# a busy port is replaced by the next free one. Every wait is bounded (UPSTREAM_WAIT, 180 s each).
set -eEuo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
LIB="$HERE/lib"
mkdir -p "$1"
DIR=$(cd "$1" && pwd)
WAIT=${UPSTREAM_WAIT:-180}
PY=/usr/bin/python3   # Debian's interpreter: the only one that sees the OpenStack libraries
export PYTHONDONTWRITEBYTECODE=1
t0=$(date +%s)

for exe in keystone-manage uwsgi cinder-api cinder-manage heat-all heat-manage glance-api glance-manage sqlite3 curl; do
  command -v "$exe" >/dev/null || { echo "start.sh: $exe missing; run scripts/upstream/install.sh" >&2; exit 1; }
done

for svc in keystone cinder-api heat-all glance-api; do
  if [ -f "$DIR/$svc.pid" ] && kill -0 "$(cat "$DIR/$svc.pid")" 2>/dev/null; then
    echo "start.sh: $svc already running from $DIR (pid $(cat "$DIR/$svc.pid")); run stop.sh $DIR first" >&2
    exit 1
  fi
done

log_tails() {
  for f in "$DIR"/*.log; do
    [ -f "$f" ] || continue
    echo "----- last 40 lines of $f" >&2
    tail -n 40 "$f" >&2
  done
}
fail() {
  echo "start.sh: FAILED: $*" >&2
  log_tails
  "$HERE/stop.sh" "$DIR" >&2 || true
  exit 1
}
trap 'fail "command failed at line $LINENO"' ERR

port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }
pick_port() {
  local p=$1 end=$(( $1 + 200 ))
  while port_busy "$p" || [[ " ${TAKEN:-} " == *" $p "* ]]; do
    p=$((p + 1))
    [ "$p" -lt "$end" ] || { echo "start.sh: no free port near $1" >&2; exit 1; }
  done
  TAKEN="${TAKEN:-} $p"
  echo "$p"
}
KS_PORT=$(pick_port "${UPSTREAM_KEYSTONE_PORT:-35357}"); TAKEN=" $KS_PORT"
CINDER_PORT=$(pick_port "${UPSTREAM_CINDER_PORT:-8776}"); TAKEN="$TAKEN $CINDER_PORT"
HEAT_PORT=$(pick_port "${UPSTREAM_HEAT_PORT:-8004}"); TAKEN="$TAKEN $HEAT_PORT"
GLANCE_PORT=$(pick_port "${UPSTREAM_GLANCE_PORT:-9292}")
KS_URL="http://127.0.0.1:$KS_PORT"
CINDER_URL="http://127.0.0.1:$CINDER_PORT"
HEAT_URL="http://127.0.0.1:$HEAT_PORT"
GLANCE_URL="http://127.0.0.1:$GLANCE_PORT"
echo "start.sh: keystone $KS_URL, cinder $CINDER_URL, heat $HEAT_URL, glance $GLANCE_URL, state in $DIR"

# Secrets are generated once per DIR and kept in a 0600 file; they are never echoed.
umask 077
if [ ! -f "$DIR/secrets.env" ]; then
  gen() { head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24; }
  {
    echo "ADMIN_PASSWORD=$(gen)"
    echo "SERVICE_PASSWORD=$(gen)"
    echo "DEMO_PASSWORD=$(gen)"
    echo "ALT_PASSWORD=$(gen)"
  } >"$DIR/secrets.env"
fi
set -a; . "$DIR/secrets.env"; set +a
export KS_URL CINDER_URL HEAT_URL GLANCE_URL

mkdir -p "$DIR/fernet-keys" "$DIR/credential-keys" "$DIR/cinder-state" "$DIR/lock" \
  "$DIR/glance-images" "$DIR/glance-staging" "$DIR/glance-tasks"

cat >"$DIR/keystone.conf" <<EOF
[DEFAULT]
debug = false
[database]
connection = sqlite:///$DIR/keystone.db
[token]
provider = fernet
[fernet_tokens]
key_repository = $DIR/fernet-keys
[credential]
key_repository = $DIR/credential-keys
EOF

authtoken() {  # $1 = service user
  cat <<EOF
[keystone_authtoken]
www_authenticate_uri = $KS_URL
auth_url = $KS_URL
auth_type = password
username = $1
password = $SERVICE_PASSWORD
project_name = service
user_domain_name = Default
project_domain_name = Default
region_name = RegionOne
interface = public
EOF
}

cat >"$DIR/cinder.conf" <<EOF
[DEFAULT]
debug = false
log_file = $DIR/cinder-api.log
auth_strategy = keystone
osapi_volume_listen = 127.0.0.1
osapi_volume_listen_port = $CINDER_PORT
osapi_volume_workers = 1
graceful_shutdown_timeout = 5
transport_url = fake://
# No cinder-volume answers a call (transfer accept waits on one): fail it after 5 s, not 60.
rpc_response_timeout = 5
enabled_backends =
my_ip = 127.0.0.1
host = upstream
state_path = $DIR/cinder-state
api_paste_config = /etc/cinder/api-paste.ini
resource_query_filters_file = /etc/cinder/resource_filters.json
[database]
connection = sqlite:///$DIR/cinder.db
[oslo_concurrency]
lock_path = $DIR/lock
$(authtoken cinder)
EOF

cat >"$DIR/heat.conf" <<EOF
[DEFAULT]
debug = false
log_file = $DIR/heat-all.log
transport_url = fake://
host = upstream
num_engine_workers = 1
# oslo.service waits up to 60 s for in-flight work on SIGTERM; a test instance need not.
graceful_shutdown_timeout = 5
region_name_for_services = RegionOne
heat_metadata_server_url = $HEAT_URL
[heat_all]
enabled_services = api,engine
[heat_api]
bind_host = 127.0.0.1
bind_port = $HEAT_PORT
# 1 = serve inside the heat-all process: the fake:// RPC transport is in-memory, so the API
# must share the process with the engine.
workers = 1
[paste_deploy]
api_paste_config = /etc/heat/api-paste.ini
[database]
connection = sqlite:///$DIR/heat.db
[oslo_concurrency]
lock_path = $DIR/lock
[clients_keystone]
auth_uri = $KS_URL
# Stack create stores a Keystone trust from the user to this service user (deferred_auth_method =
# trusts, the default); without [trustee] every stack create answers 500 AuthorizationFailure.
[trustee]
auth_type = password
auth_url = $KS_URL
username = heat
password = $SERVICE_PASSWORD
user_domain_name = Default
$(authtoken heat)
EOF

# Glance API, v2 only (Zed has no v1 and no registry): SQLite, the file store in DIR, Keystone auth
# through Debian's paste file (flavor keystone), one process (workers = 0: SQLite).
cat >"$DIR/glance-api.conf" <<EOF
[DEFAULT]
debug = false
log_file = $DIR/glance-api.log
bind_host = 127.0.0.1
bind_port = $GLANCE_PORT
workers = 0
[database]
connection = sqlite:///$DIR/glance.db
[paste_deploy]
flavor = keystone
config_file = /etc/glance/glance-api-paste.ini
[glance_store]
stores = file,http
default_store = file
filesystem_store_datadir = $DIR/glance-images
[os_glance_staging_store]
filesystem_store_datadir = $DIR/glance-staging
[os_glance_tasks_store]
filesystem_store_datadir = $DIR/glance-tasks
[oslo_concurrency]
lock_path = $DIR/lock
$(authtoken glance)
EOF
chmod 600 "$DIR"/*.conf

# WAL before the schema exists: without it SQLite answers "database is locked" to writes
# that overlap with readers (Keystone gave 500s that way).
for db in keystone cinder heat glance; do
  [ -f "$DIR/$db.db" ] || sqlite3 "$DIR/$db.db" 'PRAGMA journal_mode=WAL;' >/dev/null
done

run() {  # run LOGNAME TIMEOUT CMD...; output to DIR/setup-LOGNAME.log
  local name=$1 limit=$2; shift 2
  timeout "$limit" "$@" >>"$DIR/setup-$name.log" 2>&1 || fail "$name: $* (see $DIR/setup-$name.log)"
}

ts=$(date +%s)
run keystone "$WAIT" keystone-manage --config-file "$DIR/keystone.conf" db_sync
run keystone "$WAIT" keystone-manage --config-file "$DIR/keystone.conf" fernet_setup \
  --keystone-user root --keystone-group root
run keystone "$WAIT" keystone-manage --config-file "$DIR/keystone.conf" credential_setup \
  --keystone-user root --keystone-group root
# bootstrap reads the admin password from the environment, not from argv (visible in ps).
OS_BOOTSTRAP_PASSWORD=$ADMIN_PASSWORD run keystone "$WAIT" \
  keystone-manage --config-file "$DIR/keystone.conf" bootstrap \
  --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
  --bootstrap-service-name keystone --bootstrap-region-id RegionOne \
  --bootstrap-admin-url "$KS_URL/v3" --bootstrap-internal-url "$KS_URL/v3" \
  --bootstrap-public-url "$KS_URL/v3"
run keystone 30 "$PY" "$LIB/keystone_catalog.py" "$DIR/keystone.db" RegionOne \
  "orchestration=heat=$HEAT_URL/v1/%(project_id)s" \
  "block-storage=cinder=$CINDER_URL/v3/%(project_id)s" \
  "volumev3=cinderv3=$CINDER_URL/v3/%(project_id)s" \
  "image=glance=$GLANCE_URL"

wait_http() {  # wait_http NAME PIDFILE URL
  local name=$1 pidfile=$2 url=$3 deadline=$(( $(date +%s) + WAIT )) code
  while :; do
    kill -0 "$(cat "$pidfile")" 2>/dev/null || fail "$name exited during start-up"
    code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" || true)
    case "$code" in 2??|3??) return 0 ;; esac
    [ "$(date +%s)" -lt "$deadline" ] || fail "$name did not answer $url within ${WAIT}s (last code $code)"
    sleep 0.5
  done
}

# Keystone under uwsgi. Processes, not threads: SQLite connections must stay in the thread that
# opened them. --http-socket closes every connection after one response without saying so, and a
# client reusing it (keystonemiddleware's pooled session in Cinder and Heat) then fails with
# RemoteDisconnected, which the services turn into 503 "The Keystone service is temporarily
# unavailable"; "Connection: close" tells clients not to reuse. --die-on-term: SIGTERM stops it.
OS_KEYSTONE_CONFIG_FILES="$DIR/keystone.conf" setsid uwsgi --plugin python3 \
  --http-socket "127.0.0.1:$KS_PORT" --wsgi-file /usr/bin/keystone-wsgi-public \
  --master --processes 2 --threads 1 --die-on-term --lazy-apps --need-app \
  --add-header "Connection: close" \
  --env "OS_KEYSTONE_CONFIG_FILES=$DIR/keystone.conf" \
  >"$DIR/keystone.log" 2>&1 </dev/null &
echo $! >"$DIR/keystone.pid"
wait_http keystone "$DIR/keystone.pid" "$KS_URL/v3"
t_keystone=$(( $(date +%s) - ts ))

ts=$(date +%s)
"$PY" "$LIB/keystone_identity.py" >"$DIR/identity.json" 2>>"$DIR/setup-keystone.log" \
  || fail "creating users/projects (see $DIR/setup-keystone.log)"
ids() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d[sys.argv[2]][sys.argv[3]])' "$DIR/identity.json" "$@"; }
DEMO_PROJECT=$(ids projects demo); DEMO_USER=$(ids users demo)
ALT_PROJECT=$(ids projects alt); ALT_USER=$(ids users alt)
t_identity=$(( $(date +%s) - ts ))

ts=$(date +%s)
run cinder "$WAIT" cinder-manage --config-file "$DIR/cinder.conf" db sync
run heat "$WAIT" heat-manage --config-file "$DIR/heat.conf" db_sync
run glance "$WAIT" glance-manage --config-file "$DIR/glance-api.conf" db_sync
# Volumes, snapshots, a volume type and a cinder-volume service row, written before cinder-api
# starts (it reads the service rows' versions when it builds its RPC clients).
if [ ! -f "$DIR/volumes.json" ]; then
  timeout 60 "$PY" "$LIB/cinder_volumes.py" "$DIR/cinder.conf" "$DEMO_PROJECT" "$DEMO_USER" \
    "$ALT_PROJECT" "$ALT_USER" >"$DIR/volumes.json.tmp" 2>>"$DIR/setup-cinder.log" \
    || fail "seeding volumes (see $DIR/setup-cinder.log)"
  mv "$DIR/volumes.json.tmp" "$DIR/volumes.json"
fi
# The schema declares software_deployment.config_id REFERENCES software_config(id), but Heat never
# turns on SQLite's foreign keys: an unknown config_id would be stored, and formatting that row then
# fails, breaking the project's deployment list until the row is removed. These triggers make SQLite
# refuse the row as MySQL/PostgreSQL do (oslo.db maps the message to DBReferenceError).
# UPSTREAM_SQLITE_FK=0 leaves SQLite's behaviour as it is.
if [ "${UPSTREAM_SQLITE_FK:-1}" = 1 ]; then
  sqlite3 "$DIR/heat.db" <<'SQL' || fail "adding foreign-key triggers to heat.db"
CREATE TRIGGER IF NOT EXISTS software_deployment_config_fk_insert
BEFORE INSERT ON software_deployment
WHEN NOT EXISTS (SELECT 1 FROM software_config WHERE id = NEW.config_id)
BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END;
CREATE TRIGGER IF NOT EXISTS software_deployment_config_fk_update
BEFORE UPDATE OF config_id ON software_deployment
WHEN NOT EXISTS (SELECT 1 FROM software_config WHERE id = NEW.config_id)
BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END;
SQL
fi
setsid cinder-api --config-file "$DIR/cinder.conf" >"$DIR/cinder-api.out.log" 2>&1 </dev/null &
echo $! >"$DIR/cinder-api.pid"
setsid heat-all --config-file "$DIR/heat.conf" >"$DIR/heat-all.out.log" 2>&1 </dev/null &
echo $! >"$DIR/heat-all.pid"
setsid glance-api --config-file "$DIR/glance-api.conf" >"$DIR/glance-api.out.log" 2>&1 </dev/null &
echo $! >"$DIR/glance-api.pid"
wait_http cinder-api "$DIR/cinder-api.pid" "$CINDER_URL/"
wait_http heat-all "$DIR/heat-all.pid" "$HEAT_URL/"
wait_http glance-api "$DIR/glance-api.pid" "$GLANCE_URL/versions"
t_services=$(( $(date +%s) - ts ))

ts=$(date +%s)
if [ ! -f "$DIR/backups.json" ]; then
  timeout 60 "$PY" "$LIB/cinder_backups.py" "$DIR/cinder.conf" "$DEMO_PROJECT" "$DEMO_USER" \
    "$ALT_PROJECT" "$ALT_USER" >"$DIR/backups.json.tmp" 2>>"$DIR/setup-cinder.log" \
    || fail "seeding backups (see $DIR/setup-cinder.log)"
  mv "$DIR/backups.json.tmp" "$DIR/backups.json"
  # Rows written through the DB API bypass quota reservations: reserve and commit their usage.
  run cinder 60 "$PY" "$LIB/cinder_quota.py" "$DIR/cinder.conf" "$DEMO_PROJECT" "$ALT_PROJECT"
fi
if [ ! -f "$DIR/configs.json" ]; then
  timeout 60 "$PY" "$LIB/heat_configs.py" >"$DIR/configs.json.tmp" 2>>"$DIR/setup-heat.log" \
    || fail "creating software configs (see $DIR/setup-heat.log)"
  mv "$DIR/configs.json.tmp" "$DIR/configs.json"
fi
# The server a software deployment and the metadata call name. No Nova runs here, and Heat never
# asks Nova about it (server_id is stored as given), so any fixed id serves.
SERVER_ID=${UPSTREAM_SERVER_ID:-9b7c2f8e-3d4a-4e5b-8c6d-7e8f9a0b1c2d}
export SERVER_ID
if [ ! -f "$DIR/api-seed.json" ]; then
  CONFIG_ID=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["demo"][0])' "$DIR/configs.json") \
    timeout 180 "$PY" "$LIB/api_seed.py" >"$DIR/api-seed.json.tmp" 2>>"$DIR/setup-seed.log" \
    || fail "seeding images, stacks and a deployment (see $DIR/setup-seed.log)"
  mv "$DIR/api-seed.json.tmp" "$DIR/api-seed.json"
fi
t_seed=$(( $(date +%s) - ts ))

"$PY" - "$DIR" <<'EOF'
import json, os, sys
d = sys.argv[1]
ident = json.load(open(f"{d}/identity.json"))
backups = json.load(open(f"{d}/backups.json"))
configs = json.load(open(f"{d}/configs.json"))
volumes = json.load(open(f"{d}/volumes.json"))
api_seed = json.load(open(f"{d}/api-seed.json"))
server_id = os.environ["SERVER_ID"]
ks, cinder, heat = os.environ["KS_URL"], os.environ["CINDER_URL"], os.environ["HEAT_URL"]
glance = os.environ["GLANCE_URL"]
demo, alt = ident["projects"]["demo"], ident["projects"]["alt"]
seed = {
    "auth_url": ks,
    "region_name": "RegionOne",
    "projects": ident["projects"],
    "users": ident["users"],
    "endpoints": {
        "identity": f"{ks}/v3",
        "orchestration": f"{heat}/v1/{demo}",
        "block-storage": f"{cinder}/v3/{demo}",
        "image": glance,
        "orchestration_template": f"{heat}/v1/%(project_id)s",
        "block-storage_template": f"{cinder}/v3/%(project_id)s",
    },
    "software_config_id": configs["demo"][0],
    "software_config_ids": configs["demo"],
    "alt_software_config_id": configs["alt"][0],
    "backups": [b for b in backups if b["project_id"] == demo and not b["deleted"]],
    "deleted_backup_ids": [b["id"] for b in backups if b["deleted"]],
    "alt_backup_ids": [b["id"] for b in backups if b["project_id"] == alt],
    "server_id": server_id,
    "volume_type": volumes["volume_type"],
    "volumes": [v for v in volumes["volumes"] if v["project_id"] == demo],
    "alt_volume_ids": [v["id"] for v in volumes["volumes"] if v["project_id"] == alt],
    "snapshots": volumes["snapshots"],
    "images": api_seed["images"],
    "stacks": api_seed["stacks"],
    "software_deployments": api_seed["deployments"],
}
# What a request plan reads from configuration (`<resource>_id`, as OS_<RESOURCE>_ID reads it): the
# first seeded volume is available and has a host (every volume action accepts it; a delete never
# takes a configured volume); the server id is what software deployments and metadata name.
available = [v for v in seed["volumes"] if v["host"]]
seed["configured"] = {"server_id": server_id, "volume_id": available[0]["id"]}
conformance_keys = list(seed["configured"].items())
with open(f"{d}/seed.json", "w") as f:
    json.dump(seed, f, indent=2)
    f.write("\n")

def cloud(user, env):
    return "\n".join([
        f"  {'upstream' if user == 'demo' else 'upstream-' + user}:",
        "    auth_type: password",
        "    auth:",
        f"      auth_url: {ks}",
        f"      username: {user}",
        f"      password: \"{os.environ[env]}\"",
        f"      project_name: {user}",
        "      user_domain_name: Default",
        "      project_domain_name: Default",
        "    region_name: RegionOne",
        "    interface: public",
        "    identity_api_version: 3",
        *([f"    {k}: \"{v}\"" for k, v in conformance_keys] if user == "demo" else []),
    ])
with open(f"{d}/clouds.yaml", "w") as f:
    f.write("# written by scripts/upstream/start.sh; holds passwords (mode 0600)\nclouds:\n")
    f.write("\n".join(cloud(u, e) for u, e in
                      (("demo", "DEMO_PASSWORD"), ("alt", "ALT_PASSWORD"), ("admin", "ADMIN_PASSWORD"))))
    f.write("\n")
EOF
chmod 600 "$DIR/clouds.yaml"

cat >"$DIR/ports.env" <<EOF
KEYSTONE_PORT=$KS_PORT
CINDER_PORT=$CINDER_PORT
HEAT_PORT=$HEAT_PORT
KS_URL=$KS_URL
CINDER_URL=$CINDER_URL
HEAT_URL=$HEAT_URL
GLANCE_PORT=$GLANCE_PORT
GLANCE_URL=$GLANCE_URL
DEMO_PROJECT=$DEMO_PROJECT
ALT_PROJECT=$ALT_PROJECT
SERVER_ID=$SERVER_ID
EOF
trap - ERR
echo "start.sh: ready in $(( $(date +%s) - t0 ))s (keystone ${t_keystone}s, identity ${t_identity}s, cinder+heat+glance ${t_services}s, seed ${t_seed}s)"
echo "start.sh: OS_CLIENT_CONFIG_FILE=$DIR/clouds.yaml OS_CLOUD=upstream (also upstream-alt, upstream-admin); seed ids in $DIR/seed.json"
