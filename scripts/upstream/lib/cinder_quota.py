"""Brings quota usage in line with the rows the other seed scripts wrote through the DB API.

Rows written that way bypass quota reservations, and `cinder-manage quota sync` only refreshes
usage rows that already exist ("has no quota usage. Nothing to do."). A reservation through
Cinder's own quota engine creates a missing usage row by counting the project's rows (the
engine's sync functions), so a zero reservation per resource the seeded volumes, snapshots and
backups use makes `os-quota-sets/{project}?usage=True` show them as in use.
The project limits for volumes, snapshots and backups are raised to 100 (defaults 10): the seeds
use 7 backups and 4 volumes of demo's, and a suite run creates more (volumes it creates stay
`creating` until it deletes them), so the defaults would turn a run's later creates into 413s.

Usage: /usr/bin/python3 cinder_quota.py CINDER_CONF PROJECT...
"""
import collections
import sys

from oslo_config import cfg

from cinder.common import config  # noqa: F401  (registers [database] and friends)
from cinder import context
from cinder import db
from cinder import objects
from cinder import quota

LIMIT = 100


def usage(ctx, project):
    deltas = collections.Counter()
    for v in db.volume_get_all_by_project(ctx, project, None, None):
        vtype = db.volume_type_get(ctx, v["volume_type_id"])["name"]
        deltas.update({"volumes": 1, "gigabytes": v["size"],
                       f"volumes_{vtype}": 1, f"gigabytes_{vtype}": v["size"]})
    for s in db.snapshot_get_all_by_project(ctx, project):
        vtype = db.volume_type_get(ctx, s["volume_type_id"])["name"]
        deltas.update({"snapshots": 1, "gigabytes": s["volume_size"],
                       f"snapshots_{vtype}": 1, f"gigabytes_{vtype}": s["volume_size"]})
    for b in db.backup_get_all_by_project(ctx, project):
        deltas.update({"backups": 1, "backup_gigabytes": b["size"]})
    return {k: v for k, v in deltas.items() if v}


def main(conf, projects):
    cfg.CONF(["--config-file", conf], project="cinder")
    objects.register_all()
    ctx = context.get_admin_context()
    for project in projects:
        for resource in ("volumes", "snapshots", "backups"):
            db.quota_create(ctx, project, resource, LIMIT)
        deltas = usage(ctx, project)
        if not deltas:
            continue
        reservations = quota.QUOTAS.reserve(ctx, project_id=project, **{k: 0 for k in deltas})
        quota.QUOTAS.commit(ctx, reservations, project_id=project)
        print(f"{project}: {sorted(deltas.items())}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2:])
