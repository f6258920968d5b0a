#!/usr/bin/env bash
# Runs the conformance suite against real upstream Keystone, Cinder, Heat and Glance on loopback.
# Usage: tests/upstream/run.sh [password|admin_token|both] [-- extra conformance args]
#   password     OS_CLIENT_CONFIG_FILE + OS_CLOUD=upstream: password auth and catalog discovery
#   admin_token  OS_AUTH_TYPE=admin_token, a token fetched with curl, endpoints given directly
#   both         (default) password first, then admin_token
# Exit code: 0 when each mode's run completed with exactly the verdicts tests/upstream/expected-verdicts.txt
# lists (with extra conformance args: the suite's own exit code); with both, the first non-zero one;
# 1 if the services did not start, a run was incomplete or the verdicts differ from the expected ones.
# UPSTREAM_KEEP=1 leaves the services running and their directory in place afterwards.
# Reports: each mode writes to its own directory, $CONFORMANCE_REPORT_DIR/upstream-<mode> (default
# reports/upstream-password, reports/upstream-admin_token), and its verdicts other than pass are listed.
# Without extra conformance args they must be exactly those tests/upstream/expected-verdicts.txt lists
# (each recorded by a decision, or not tested / not applicable with its reason); a difference fails the
# run (exit 1).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MODE=${1:-both}
shift || true
[ "${1:-}" = "--" ] && shift
case "$MODE" in
  password|admin_token|both) ;;
  *) echo "usage: $0 [password|admin_token|both] [-- extra conformance args]" >&2; exit 2 ;;
esac

"$ROOT/scripts/upstream/install.sh" || exit 1

DIR=$(mktemp -d /tmp/upstream.XXXXXX)
cleanup() {
  if [ "${UPSTREAM_KEEP:-0}" = 1 ]; then
    echo "run.sh: services left running; state in $DIR (stop with scripts/upstream/stop.sh $DIR)"
  else
    "$ROOT/scripts/upstream/stop.sh" "$DIR" >/dev/null
    rm -rf "$DIR"
  fi
}
trap cleanup EXIT
t0=$(date +%s)
"$ROOT/scripts/upstream/start.sh" "$DIR" || exit 1
echo "run.sh: upstream services started in $(( $(date +%s) - t0 ))s"

# The caller's own cloud settings must not leak into a run meant for these services.
for v in $(compgen -e | grep '^OS_' || true); do unset "$v"; done
# Each suite run gets a budget that keeps both modes inside what .ci/run leaves them (README, "How long
# it takes"); a run the budget cuts short is incomplete, and verdicts.ts fails it.
export CONFORMANCE_BUDGET_MS=${CONFORMANCE_BUDGET_MS:-300000}
# One request in flight per service: a test with a MUST failure makes Playwright replace its worker,
# which drops what the worker ran ahead; on these services (a recorded departure fails a MUST) running
# ahead costs more than it gains (README, "How long it takes").
export CONFORMANCE_CONCURRENCY=${CONFORMANCE_CONCURRENCY:-1}

. "$DIR/ports.env"
DEMO_PASSWORD=$(sed -n 's/^DEMO_PASSWORD=//p' "$DIR/secrets.env")
REPORT_ROOT=${CONFORMANCE_REPORT_DIR:-reports}
case "$REPORT_ROOT" in /*) ;; *) REPORT_ROOT="$ROOT/$REPORT_ROOT" ;; esac

EXPECT=()
[ $# -eq 0 ] && EXPECT=(--expect "$ROOT/tests/upstream/expected-verdicts.txt")
verdicts() {
  (cd "$ROOT" && npx --no-install tsx scripts/upstream/verdicts.ts "$REPORT_ROOT/upstream-$1/conformance.json" "${EXPECT[@]}")
}
# With the expected verdicts, a mode passes when its run completed and its verdicts are exactly the
# expected ones (a real upstream departure recorded by a decision may fail a MUST, so the suite's own
# exit code 1 is not the measure); a usage or configuration error (2) fails it all the same. Without
# them (extra conformance args), the suite's exit code stands.
judge() {
  local mode=$1 code=$2
  if [ ${#EXPECT[@]} -eq 0 ]; then verdicts "$mode"; return "$code"; fi
  [ "$code" -eq 0 ] || [ "$code" -eq 1 ] || return "$code"
  verdicts "$mode"
}

run_password() {
  echo "run.sh: [password] OS_CLIENT_CONFIG_FILE=$DIR/clouds.yaml OS_CLOUD=upstream npm run conformance $*"
  (cd "$ROOT" && CONFORMANCE_REPORT_DIR="$REPORT_ROOT/upstream-password" OS_CLIENT_CONFIG_FILE="$DIR/clouds.yaml" OS_CLOUD=upstream npm run conformance -- "$@")
}

run_admin_token() {
  local body token
  body=$(printf '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"demo","domain":{"name":"Default"},"password":"%s"}}},"scope":{"project":{"name":"demo","domain":{"name":"Default"}}}}}' "$DEMO_PASSWORD")
  # The body goes through stdin so the password is not in any process's argv.
  token=$(printf '%s' "$body" | curl -s -m 20 -o /dev/null -D - -H 'Content-Type: application/json' \
    --data-binary @- "$KS_URL/v3/auth/tokens" | tr -d '\r' | sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: //p')
  if [ -z "$token" ]; then
    echo "run.sh: [admin_token] could not get a token from $KS_URL" >&2
    return 1
  fi
  local heat="$HEAT_URL/v1/$DEMO_PROJECT" cinder="$CINDER_URL/v3/$DEMO_PROJECT" image="$GLANCE_URL"
  # The ids the password mode's clouds.yaml names (server_id, volume_id), as OS_SERVER_ID, OS_VOLUME_ID.
  local configured
  configured=$(python3 -c 'import json,sys; print(" ".join(f"OS_{k.upper()}={v}" for k, v in json.load(open(sys.argv[1]))["configured"].items()))' "$DIR/seed.json") || return 1
  echo "run.sh: [admin_token] OS_AUTH_TYPE=admin_token OS_TOKEN=*** OS_PROJECT_ID=$DEMO_PROJECT" \
    "OS_ORCHESTRATION_ENDPOINT_OVERRIDE=$heat OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE=$cinder" \
    "OS_IMAGE_ENDPOINT_OVERRIDE=$image $configured npm run conformance $*"
  # shellcheck disable=SC2086 # the configured ids are NAME=value words without spaces
  (cd "$ROOT" && env $configured CONFORMANCE_REPORT_DIR="$REPORT_ROOT/upstream-admin_token" OS_AUTH_TYPE=admin_token OS_TOKEN="$token" OS_PROJECT_ID="$DEMO_PROJECT" \
    OS_ORCHESTRATION_ENDPOINT_OVERRIDE="$heat" OS_BLOCK_STORAGE_ENDPOINT_OVERRIDE="$cinder" \
    OS_IMAGE_ENDPOINT_OVERRIDE="$image" npm run conformance -- "$@")
}

rc=0
if [ "$MODE" = password ] || [ "$MODE" = both ]; then
  run_password "$@"; r=$?
  echo "run.sh: [password] suite exit code $r"
  judge password $r; r=$?
  [ $rc -ne 0 ] || rc=$r
fi
if [ "$MODE" = admin_token ] || [ "$MODE" = both ]; then
  run_admin_token "$@"; r=$?
  echo "run.sh: [admin_token] suite exit code $r"
  judge admin_token $r; r=$?
  [ $rc -ne 0 ] || rc=$r
fi
exit $rc
