#!/usr/bin/env bash
# Stops what start.sh started in DIR, by pid file. Each service was started as its own
# session leader (setsid), so its whole process group (API workers included) is signalled.
set -uo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
DIR=$1
status=0
for svc in glance-api heat-all cinder-api keystone; do
  pidfile="$DIR/$svc.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if ! [[ "$pid" =~ ^[0-9]+$ ]]; then
    echo "stop.sh: $pidfile does not hold a pid" >&2
    status=1
    continue
  fi
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "stop.sh: $svc (pid $pid) ignored SIGTERM for 10 s; sending SIGKILL" >&2
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
    fi
    # Workers of the group may outlive the leader by a moment.
    kill -0 -- "-$pid" 2>/dev/null && sleep 1 && kill -KILL -- "-$pid" 2>/dev/null
    echo "stop.sh: stopped $svc (pid $pid)"
  fi
  rm -f "$pidfile"
done
exit $status
