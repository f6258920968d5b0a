"""Seeds volumes, snapshots, a volume type and a volume-service row through Cinder's own DB API.

No scheduler or volume service runs in this setup: a volume created through the API stays
`creating` for ever, and a snapshot cannot be created on it. The operations that need an
`available` volume (extend, read-only and bootable flags, upload to image, transfers, snapshots,
metadata) get rows written the way cinder-volume would leave them.
Run after `cinder-manage db sync` and BEFORE cinder-api starts: a `services` row must carry its
RPC/object versions when cinder-api builds its RPC clients (ServiceTooOld otherwise).

Usage: /usr/bin/python3 cinder_volumes.py CINDER_CONF DEMO_PROJECT DEMO_USER ALT_PROJECT ALT_USER
Prints JSON: {"volume_type": {...}, "volumes": [...], "snapshots": [...]}.
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

# host set: snapshot create and the flag/extend/upload actions accept the volume (delete then leaves
# it `deleting`); host NULL: DELETE removes the row at once.
HOST = "seed@lvm#pool"
# name, size, host?, type ("seed" or the default), metadata, bootable
DEMO_VOLUMES = [
    ("seed-volume-1", 1, True, "default", {"purpose": "conformance", "tier": "gold"}, False),
    ("seed-volume-2", 2, True, "seed", {"purpose": "conformance"}, True),
    ("seed-volume-3", 1, True, "default", {}, False),
    ("seed-volume-hostless", 1, False, "default", {"purpose": "delete-me"}, False),
]
ALT_VOLUMES = [("alt-volume", 1, True, "default", {}, False)]
# name, index of the demo volume it belongs to
DEMO_SNAPSHOTS = [("seed-snapshot-1", 0), ("seed-snapshot-2", 1)]


def volume_type_ids(ctx):
    default = db.volume_type_get_by_name(ctx, "__DEFAULT__")
    seed = db.volume_type_create(ctx, {
        "name": "seed-type", "description": "seeded public volume type", "is_public": True,
        "extra_specs": {"volume_backend_name": "seed", "RESKEY:availability_zones": "nova"}})
    return {"default": default["id"], "seed": seed["id"]}, {
        "id": seed["id"], "name": "seed-type", "default_id": default["id"]}


def seed_volumes(ctx, project, user, rows, types, base):
    out = []
    for i, (name, size, with_host, vtype, metadata, bootable) in enumerate(rows):
        created_at = base + datetime.timedelta(minutes=i)
        values = {
            "id": str(uuid.uuid4()), "project_id": project, "user_id": user,
            "status": "available", "attach_status": "detached", "size": size,
            "availability_zone": "nova", "volume_type_id": types[vtype],
            "display_name": name, "display_description": f"seeded {name}",
            "host": HOST if with_host else None, "replication_status": "disabled",
            "bootable": bootable, "launched_at": created_at,
            "created_at": created_at, "updated_at": None, "metadata": metadata,
        }
        volume = db.volume_create(ctx, values)
        out.append({"id": volume.id, "name": name, "project_id": project, "size": size,
                    "host": values["host"], "volume_type_id": types[vtype],
                    "metadata": metadata, "status": "available"})
    return out


def seed_snapshots(ctx, project, user, volumes, base):
    out = []
    for i, (name, index) in enumerate(DEMO_SNAPSHOTS):
        volume = volumes[index]
        created_at = base + datetime.timedelta(minutes=30 + i)
        values = {
            "id": str(uuid.uuid4()), "project_id": project, "user_id": user,
            "volume_id": volume["id"], "status": "available", "progress": "100%",
            "volume_size": volume["size"], "volume_type_id": volume["volume_type_id"],
            "display_name": name, "display_description": f"seeded {name}",
            "created_at": created_at, "metadata": {"purpose": "conformance"},
        }
        snapshot = db.snapshot_create(ctx, values)
        out.append({"id": snapshot.id, "name": name, "volume_id": volume["id"],
                    "status": "available"})
    return out


def seed_service(ctx):
    """A cinder-volume row: the availability-zone list is built from these (empty without)."""
    db.service_create(ctx, {
        "host": "seed@lvm", "binary": "cinder-volume", "topic": "cinder-volume",
        "availability_zone": "nova", "disabled": False, "report_count": 0,
        "rpc_current_version": "3.18", "object_current_version": "1.39",
        "created_at": datetime.datetime.utcnow(), "updated_at": datetime.datetime.utcnow()})


def main(conf, demo_project, demo_user, alt_project, alt_user):
    cfg.CONF(["--config-file", conf], project="cinder")
    objects.register_all()
    ctx = context.get_admin_context()
    base = datetime.datetime.utcnow().replace(microsecond=0) - datetime.timedelta(hours=2)
    types, vtype = volume_type_ids(ctx)
    volumes = seed_volumes(ctx, demo_project, demo_user, DEMO_VOLUMES, types, base)
    volumes += seed_volumes(ctx, alt_project, alt_user, ALT_VOLUMES, types, base)
    snapshots = seed_snapshots(ctx, demo_project, demo_user, volumes, base)
    seed_service(ctx)
    print(json.dumps({"volume_type": vtype, "volumes": volumes, "snapshots": snapshots}))


if __name__ == "__main__":
    if len(sys.argv) != 6:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
