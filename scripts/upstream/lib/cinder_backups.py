"""Seeds backup rows through Cinder's own DB API (the code path cinder-backup uses).

No backup service runs in this setup, so rows are the only way to have backups to list.
Usage: /usr/bin/python3 cinder_backups.py CINDER_CONF DEMO_PROJECT DEMO_USER ALT_PROJECT ALT_USER
Prints a JSON list of the backups created. Names, statuses and volume ids vary so that
filters and small page sizes select meaningful subsets; created_at values are a minute
apart so the default order (created_at desc, id desc) is deterministic.
"""
import datetime
import json
import sys
import uuid

from oslo_config import cfg

from cinder.common import config  # noqa: F401  (registers [database] and friends)
from cinder import context
from cinder import db
from cinder import objects

VOLUME_A = "5d0c1b46-94a4-4b6f-9c1a-2f3e4a5b6c7d"
VOLUME_B = "8e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"

DEMO_BACKUPS = [
    # name, status, volume, size, deleted
    ("backup-alpha", "available", VOLUME_A, 1, False),
    ("backup-beta", "available", VOLUME_A, 2, False),
    ("nightly", "available", VOLUME_B, 1, False),
    ("backup-gamma", "error", VOLUME_A, 1, False),
    ("nightly", "available", VOLUME_B, 3, False),
    (None, "creating", VOLUME_B, 1, False),
    ("backup-delta", "available", VOLUME_A, 5, False),
    ("backup-removed", "deleted", VOLUME_A, 1, True),
]
ALT_BACKUPS = [("alt-backup", "available", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", 1, False)]


def seed(ctx, project, user, rows, base):
    created = []
    for i, (name, status, volume, size, deleted) in enumerate(rows):
        created_at = base + datetime.timedelta(minutes=i)
        values = {
            "id": str(uuid.uuid4()), "user_id": user, "project_id": project,
            "volume_id": volume, "host": "upstream-seed", "availability_zone": "nova",
            "display_name": name, "display_description": f"seeded {status} backup",
            "container": "volumebackups", "status": status, "size": size,
            "object_count": 1, "service": "cinder.backup.drivers.swift.SwiftBackupDriver",
            "fail_reason": "seeded failure" if status == "error" else None,
            "created_at": created_at, "updated_at": created_at, "data_timestamp": created_at,
        }
        backup = db.backup_create(ctx, values)
        if deleted:
            db.backup_destroy(ctx, backup.id)
        created.append({"id": backup.id, "name": name, "status": status, "volume_id": volume,
                        "size": size, "deleted": deleted, "project_id": project,
                        "created_at": created_at.isoformat()})
    return created


def main(conf, demo_project, demo_user, alt_project, alt_user):
    cfg.CONF(["--config-file", conf], project="cinder")
    objects.register_all()
    ctx = context.get_admin_context()
    base = datetime.datetime.utcnow().replace(microsecond=0) - datetime.timedelta(hours=1)
    result = seed(ctx, demo_project, demo_user, DEMO_BACKUPS, base)
    result += seed(ctx, alt_project, alt_user, ALT_BACKUPS, base)
    print(json.dumps(result))


if __name__ == "__main__":
    if len(sys.argv) != 6:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
