"""Writes catalog services and endpoints straight into Keystone's SQLite DB.

Run before Keystone starts: creating a second service through the API hit SQLite's
"database is locked" in this setup, while the rows themselves are plain data.
Usage: keystone_catalog.py DB REGION TYPE=NAME=URL ...   (idempotent per service type)
"""
import json
import sqlite3
import sys
import uuid


def main(db_path, region, entries):
    db = sqlite3.connect(db_path, timeout=30)
    with db:
        if not db.execute("SELECT 1 FROM region WHERE id=?", (region,)).fetchone():
            raise SystemExit(f"region {region} missing: run keystone-manage bootstrap first")
        for entry in entries:
            stype, name, url = entry.split("=", 2)
            if db.execute("SELECT 1 FROM service WHERE type=?", (stype,)).fetchone():
                continue
            sid = uuid.uuid4().hex
            db.execute("INSERT INTO service (id, type, enabled, extra) VALUES (?,?,1,?)",
                       (sid, stype, json.dumps({"name": name, "description": f"{name} ({stype})"})))
            for interface in ("public", "internal", "admin"):
                db.execute(
                    "INSERT INTO endpoint (id, legacy_endpoint_id, interface, service_id, url,"
                    " extra, enabled, region_id) VALUES (?,NULL,?,?,?,'{}',1,?)",
                    (uuid.uuid4().hex, interface, sid, url, region))


if __name__ == "__main__":
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
