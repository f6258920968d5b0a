"""Sends a fixed set of requests to the services start.sh runs and prints what comes back,
as Markdown: the exact curl command (tokens shown as $TOKEN / $ALT_TOKEN), the status line,
the response headers and the body. OBSERVED.md is written from this transcript.

Usage: python3 scripts/upstream/observe.py DIR [--destructive | --only-destructive] > transcript.md
       python3 scripts/upstream/observe.py DIR --family-only > OBSERVED-transcript-family.md
--family-only sends the family pages' operations instead (Glance v2, Cinder volumes and friends,
Heat stacks and friends: observe_family.py); --family sends them after the sections below.
--destructive also sends deployments with an unknown config_id. Without start.sh's foreign-key
triggers (UPSTREAM_SQLITE_FK=0) SQLite keeps such a row and the project's deployment list breaks
(start a fresh DIR after). --only-destructive sends just those cases.
"""
import json
import os
import re
import shlex
import subprocess
import sys

DIR = sys.argv[1]
DESTRUCTIVE = "--destructive" in sys.argv[2:]
# Only the unknown-config_id cases (for a second set of services started with UPSTREAM_SQLITE_FK=0).
ONLY_DESTRUCTIVE = "--only-destructive" in sys.argv[2:]
SECRETS = {}
for path in ("secrets.env", "ports.env"):
    for line in open(os.path.join(DIR, path)):
        key, _, value = line.strip().partition("=")
        if key:
            SECRETS[key] = value
SEED = json.load(open(os.path.join(DIR, "seed.json")))
KS, CINDER, HEAT = SECRETS["KS_URL"], SECRETS["CINDER_URL"], SECRETS["HEAT_URL"]
GLANCE = SECRETS.get("GLANCE_URL")
DEMO, ALT = SEED["projects"]["demo"], SEED["projects"]["alt"]
MASKS = {}  # secret value -> placeholder shown instead
SQLITE_FK = subprocess.run(["sqlite3", os.path.join(DIR, "heat.db"),
                            "SELECT count(*) FROM sqlite_master WHERE type='trigger'"],
                           capture_output=True, text=True, timeout=30).stdout.strip() not in ("", "0")


def mask(text):
    for secret, shown in MASKS.items():
        text = text.replace(secret, shown)
    return text


def curl(args, wait=20):
    out = subprocess.run(["curl", "-s", "-i", "-m", str(wait), *args], capture_output=True,
                         timeout=wait + 10).stdout.decode(errors="replace")
    head, _, body = out.replace("\r\n", "\n").partition("\n\n")
    # curl -i prints an interim "100 Continue" block for some POSTs.
    while head.startswith("HTTP/1.1 100"):
        head, _, body = body.partition("\n\n")
    lines = head.split("\n")
    status = int(lines[0].split()[1]) if lines and lines[0].startswith("HTTP/") else 0
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(": ")
        headers[k.lower()] = v
    return status, lines, headers, body


def shown_command(args):
    text = "curl -s -i " + shlex.join(args)
    for secret, placeholder in MASKS.items():
        text = text.replace(f"'X-Auth-Token: {secret}'", f'"X-Auth-Token: {placeholder}"')
        text = text.replace(f"'X-Subject-Token: {secret}'", f'"X-Subject-Token: {placeholder}"')
    for name in ("DEMO_PASSWORD", "ALT_PASSWORD", "ADMIN_PASSWORD"):
        text = text.replace(SECRETS[name], "***")
    return text


def render(parsed):
    """Compact but complete: one line per collection item, so lists stay readable."""
    if not isinstance(parsed, dict):
        return json.dumps(parsed)
    parts = []
    for key, value in parsed.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            items = ",\n".join("  " + json.dumps(v) for v in value)
            parts.append(f" {json.dumps(key)}: [\n{items}\n ]")
        else:
            parts.append(f" {json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(parts) + "\n}"


def pretty(body, limit):
    try:
        parsed = json.loads(body)
    except ValueError:
        return body if len(body) <= limit else body[:limit] + "…(truncated)"
    text = render(parsed)
    if len(text) > limit:
        text = text[:limit] + "\n…(truncated)"
    return text


COUNTER = {}


def req(section, title, args, limit=8000, note=None, wait=20):
    COUNTER[section] = COUNTER.get(section, 0) + 1
    status, lines, headers, body = curl(args, wait)
    print(f"\n### {section}{COUNTER[section]}. {title}\n")
    print("```")
    print(shown_command(args))
    print("```")
    print("```")
    for line in lines:
        k, _, v = line.partition(": ")
        if k.lower() in ("x-subject-token",):
            line = f"{k}: <token, {len(v)} chars>"
        print(mask(line))
    print()
    print(mask(pretty(body, limit)) if body else "(empty body)")
    print("```")
    if note:
        print(f"\n{note}")
    try:
        parsed = json.loads(body) if body else None
    except ValueError:
        parsed = None
    return status, headers, parsed


def token_args(user, password, project):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": user, "domain": {"name": "Default"}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"name": "Default"}}}}}
    return ["-H", "Content-Type: application/json", "-d", json.dumps(body), f"{KS}/v3/auth/tokens"]


def get_token(user, password, project, placeholder):
    status, _, headers, _ = curl(token_args(user, password, project))
    assert status == 201, f"token for {user}: {status}"
    MASKS[headers["x-subject-token"]] = placeholder
    return headers["x-subject-token"]


def auth(token):
    return ["-H", f"X-Auth-Token: {token}"]


def json_body(data):
    return ["-H", "Content-Type: application/json", "-d",
            data if isinstance(data, str) else json.dumps(data)]


def main():
    token = get_token("demo", SECRETS["DEMO_PASSWORD"], "demo", "$TOKEN")
    alt = get_token("alt", SECRETS["ALT_PASSWORD"], "alt", "$ALT_TOKEN")
    bad = "gAAAAABbadtokenbadtokenbadtoken"
    if ONLY_DESTRUCTIVE:
        print(f"\n## F. Unknown config_id, services started with UPSTREAM_SQLITE_FK={'1' if SQLITE_FK else '0'}\n")
        print(f"Keystone {KS}, Heat {HEAT}; demo project `{DEMO}`.")
        unknown_config(token, f"{HEAT}/v1/{DEMO}/software_deployments", "F")
        return
    print("# Transcript of scripts/upstream/observe.py\n")
    print(f"Keystone {KS}, Cinder {CINDER}, Heat {HEAT}; demo project `{DEMO}`, alt project `{ALT}`.")
    print("Tokens are project-scoped password tokens of users demo ($TOKEN) and alt ($ALT_TOKEN).")

    print("\n## K. Keystone\n")
    status, headers, body = req("K", "password token, project-scoped (catalog excerpt below)",
                                token_args("demo", SECRETS["DEMO_PASSWORD"], "demo"))
    if body:
        catalog = [{"type": s["type"], "name": s.get("name"),
                    "endpoints": sorted((e["interface"], e["region_id"], e["url"]) for e in s["endpoints"])}
                   for s in body["token"]["catalog"]]
        print("\nCatalog of that token:\n```")
        print(json.dumps(catalog, indent=1))
        print("```")
        print("\nToken keys: " + ", ".join(sorted(body["token"])) +
              f"; expires_at `{body['token']['expires_at']}`, issued_at `{body['token']['issued_at']}`,"
              f" roles {sorted(r['name'] for r in body['token']['roles'])}")
    req("K", "version discovery at the auth_url root", [f"{KS}/"])
    req("K", "wrong password", token_args("demo", "wrong-password", "demo"))

    print("\n## C. Cinder v3 backups\n")
    base = f"{CINDER}/v3/{DEMO}/backups"
    mv = lambda v: ["-H", f"OpenStack-API-Version: volume {v}"]
    req("C", "version discovery", [f"{CINDER}/"])
    req("C", "list, limit=2, no microversion header", [*auth(token), f"{base}?limit=2"])
    status, _, page1 = req("C", "list, limit=2&with_count=true at 3.45",
                           [*auth(token), *mv("3.45"), f"{base}?limit=2&with_count=true"])
    nxt = page1["backups_links"][0]["href"] if page1 and "backups_links" in page1 else None
    if nxt:
        req("C", "follow the next link as given (3.45, with_count carried over)",
            [*auth(token), *mv("3.45"), nxt])
    ids = [b["id"] for b in sorted(SEED["backups"], key=lambda b: b["created_at"], reverse=True)]
    req("C", "last page: marker = 6th newest, limit=2, with_count=true at 3.45 (1 item left)",
        [*auth(token), *mv("3.45"), f"{base}?limit=2&with_count=true&marker={ids[5]}"])
    req("C", "last page without with_count: marker = 6th newest, limit=2 (1 item left)",
        [*auth(token), f"{base}?limit=2&marker={ids[5]}"])
    req("C", "page exactly full at the end: marker = 5th newest, limit=2 (2 items left)",
        [*auth(token), f"{base}?limit=2&marker={ids[4]}"])
    req("C", "limit equal to the total (7)", [*auth(token), f"{base}?limit=7"])
    req("C", "no limit: all 7, no backups_links", [*auth(token), base])
    req("C", "with_count=true without a microversion (3.0)", [*auth(token), f"{base}?limit=2&with_count=true"])
    req("C", "with_count=true at 3.40 (between 3.31 and 3.44)",
        [*auth(token), *mv("3.40"), f"{base}?limit=2&with_count=true"])
    req("C", "with_count=false at 3.45", [*auth(token), *mv("3.45"), f"{base}?limit=1&with_count=false"])
    req("C", "with_count=abc at 3.45", [*auth(token), *mv("3.45"), f"{base}?with_count=abc"])
    req("C", "with_count=true&limit=0 at 3.45", [*auth(token), *mv("3.45"), f"{base}?limit=0&with_count=true"])
    req("C", "filter name=nightly at 3.45 with count",
        [*auth(token), *mv("3.45"), f"{base}?name=nightly&with_count=true"])
    req("C", "filter status=error", [*auth(token), f"{base}?status=error"])
    req("C", "filter volume_id (3 backups of volume B), limit=2",
        [*auth(token), f"{base}?volume_id=8e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b&limit=2"])
    req("C", "unknown filter foo=bar at 3.0", [*auth(token), f"{base}?foo=bar&limit=1"])
    req("C", "unknown filter foo=bar at 3.31", [*auth(token), *mv("3.31"), f"{base}?foo=bar"])
    req("C", "like filter name~=night at 3.34 (default resource_filters.json)",
        [*auth(token), *mv("3.34"), f"{base}?name~=night"])
    req("C", "limit=abc", [*auth(token), f"{base}?limit=abc"])
    req("C", "limit=-1", [*auth(token), f"{base}?limit=-1"])
    req("C", "limit=0", [*auth(token), f"{base}?limit=0"])
    req("C", "offset=-1", [*auth(token), f"{base}?offset=-1"])
    req("C", "offset=abc", [*auth(token), f"{base}?offset=abc"])
    req("C", "offset=5&limit=2", [*auth(token), f"{base}?offset=5&limit=2"])
    req("C", "unknown marker", [*auth(token), f"{base}?marker=00000000-0000-0000-0000-000000000000"])
    req("C", "marker = a deleted backup of this project",
        [*auth(token), f"{base}?marker={SEED['deleted_backup_ids'][0]}"])
    req("C", "marker = another project's backup", [*auth(token), f"{base}?marker={SEED['alt_backup_ids'][0]}"])
    req("C", "sort_key=name at 3.0", [*auth(token), f"{base}?sort_key=name"])
    req("C", "sort_key=name&sort_dir=asc at 3.37", [*auth(token), *mv("3.37"), f"{base}?sort_key=name&sort_dir=asc&limit=3"])
    req("C", "sort_dir=sideways", [*auth(token), f"{base}?sort_dir=sideways"])
    req("C", "no token", [base])
    req("C", "bad token", [*auth(bad), base])
    req("C", "another project's id in the path (demo token, alt project)", [*auth(token), f"{CINDER}/v3/{ALT}/backups"])
    req("C", "microversion 3.99", [*auth(token), *mv("3.99"), base])
    req("C", "microversion 3.x", [*auth(token), *mv("3.x"), base])
    req("C", "header service name block-storage instead of volume",
        [*auth(token), "-H", "OpenStack-API-Version: block-storage 3.45", f"{base}?limit=1&with_count=true"])
    req("C", "microversion latest", [*auth(token), *mv("latest"), f"{base}?limit=1"])
    req("C", "limit=5000 (above osapi_max_limit 1000)", [*auth(token), f"{base}?limit=5000"])
    req("C", "all_tenants=1 as a non-admin", [*auth(token), f"{base}?all_tenants=1&limit=1"])
    req("C", "marker and offset together (offset applies after the marker)",
        [*auth(token), f"{base}?marker={ids[1]}&offset=1&limit=2"])
    req("C", "sort=name:asc at 3.0 (the combined form)", [*auth(token), f"{base}?sort=name:asc&limit=2"])
    req("C", "X-Forwarded-Host from the client (does it move the links?)",
        [*auth(token), "-H", "X-Forwarded-Host: elsewhere.example:9999", f"{base}?limit=1"])
    req("C", "the vendor's /native/ path segment", [*auth(token), f"{CINDER}/v3/{DEMO}/native/backups"])
    req("C", "the vendor's /native/ path segment asking for JSON",
        [*auth(token), "-H", "Accept: application/json", f"{CINDER}/v3/{DEMO}/native/backups"])
    req("C", "the vendor's /native/ path segment without a token", [f"{CINDER}/v3/{DEMO}/native/backups"])
    req("C", "detail list, limit=1 (timestamps)", [*auth(token), *mv("3.45"), f"{base}/detail?limit=1"])
    req("C", "show one backup", [*auth(token), f"{base}/{ids[0]}"])
    req("C", "show an unknown backup", [*auth(token), f"{base}/00000000-0000-0000-0000-000000000000"])
    req("C", "POST with malformed JSON", [*auth(token), *json_body("{not json"), base])

    print("\n## H. Heat software deployments\n")
    dbase = f"{HEAT}/v1/{DEMO}/software_deployments"
    cfg = SEED["software_config_id"]
    req("H", "version discovery", [f"{HEAT}/"])
    req("H", "list with no deployments (alt's project)", [*auth(alt), f"{HEAT}/v1/{ALT}/software_deployments"])
    _, _, created = req("H", "create, minimal body (config_id, server_id)",
                        [*auth(token), *json_body({"config_id": cfg, "server_id": "server-1"}), dbase])
    minimal = created["software_deployment"]["id"] if created else None
    _, _, created = req("H", "create, every documented field",
                        [*auth(token), *json_body({
                            "config_id": cfg, "server_id": "2c5bd3e2-9a5c-4e53-9a4d-1f0b7a6e2f10",
                            "action": "CREATE", "status": "IN_PROGRESS", "status_reason": "Deploy data available",
                            "input_values": {"greeting": "hi"},
                            "stack_user_project_id": ALT}), dbase])
    full = created["software_deployment"]["id"] if created else None
    req("H", "create with a status outside COMPLETE|IN_PROGRESS|FAILED",
        [*auth(token), *json_body({"config_id": cfg, "server_id": "server-2", "status": "DEPLOYING",
                                   "action": "ACTION0", "unknown_key": 1}), dbase])
    req("H", "show", [*auth(token), f"{dbase}/{minimal}"])
    req("H", "update: status COMPLETE + output_values",
        [*auth(token), "-X", "PUT", *json_body({"status": "COMPLETE", "status_reason": "Outputs received",
                                                "output_values": {"result": "ok"}}), f"{dbase}/{minimal}"])
    req("H", "update with an empty object", [*auth(token), "-X", "PUT", *json_body({}), f"{dbase}/{full}"])
    req("H", "update changing config_id", [*auth(token), "-X", "PUT",
                                           *json_body({"config_id": SEED["software_config_ids"][1]}), f"{dbase}/{full}"])
    req("H", "update trying to change server_id", [*auth(token), "-X", "PUT",
                                                   *json_body({"server_id": "moved"}), f"{dbase}/{full}"])
    req("H", "create with input_values as a string",
        [*auth(token), *json_body({"config_id": cfg, "server_id": "s", "input_values": "text"}), dbase])
    req("H", "create with status as a number",
        [*auth(token), *json_body({"config_id": cfg, "server_id": "s", "status": 5}), dbase])
    req("H", "create with an empty object", [*auth(token), *json_body({}), dbase])
    req("H", "list", [*auth(token), dbase])
    req("H", "list filtered by server_id", [*auth(token), f"{dbase}?server_id=server-1"])
    req("H", "list with limit=1 (not a documented parameter upstream)", [*auth(token), f"{dbase}?limit=1"])
    req("H", "metadata for a server", [*auth(token), f"{dbase}/metadata/server-1"])
    req("H", "no token", [dbase])
    req("H", "bad token", [*auth(bad), dbase])
    req("H", "show unknown id", [*auth(token), f"{dbase}/00000000-0000-0000-0000-000000000000"])
    req("H", "update unknown id", [*auth(token), "-X", "PUT", *json_body({"status": "COMPLETE"}),
                                   f"{dbase}/00000000-0000-0000-0000-000000000000"])
    req("H", "delete unknown id", [*auth(token), "-X", "DELETE", f"{dbase}/00000000-0000-0000-0000-000000000000"])
    req("H", "create with malformed JSON", [*auth(token), *json_body("{not json"), dbase])
    req("H", "create with a JSON list body", [*auth(token), *json_body("[]"), dbase])
    req("H", "create without a body", [*auth(token), "-X", "POST", dbase])
    req("H", "create with JSON sent as text/plain",
        [*auth(token), "-H", "Content-Type: text/plain", "-d", json.dumps({"config_id": cfg, "server_id": "s"}), dbase])
    req("H", "create without config_id", [*auth(token), *json_body({"server_id": "server-3"}), dbase])
    req("H", "create without server_id", [*auth(token), *json_body({"config_id": cfg}), dbase])
    req("H", "update with malformed JSON", [*auth(token), "-X", "PUT", *json_body("{not json"), f"{dbase}/{minimal}"])
    req("H", "stack_user_project_id longer than 64 characters",
        [*auth(token), *json_body({"config_id": cfg, "server_id": "s", "stack_user_project_id": "x" * 65}), dbase])
    req("H", "another project's id in the path (demo token, alt project)",
        [*auth(token), f"{HEAT}/v1/{ALT}/software_deployments"])
    _, _, alt_created = req("H", "alt creates a deployment in its own project",
                            [*auth(alt), *json_body({"config_id": SEED["alt_software_config_id"], "server_id": "alt-server"}),
                             f"{HEAT}/v1/{ALT}/software_deployments"])
    alt_dep = alt_created["software_deployment"]["id"] if alt_created else "missing"
    req("H", "demo shows alt's deployment through its own project path", [*auth(token), f"{dbase}/{alt_dep}"])
    req("H", "demo creates a deployment with alt's config_id",
        [*auth(token), *json_body({"config_id": SEED["alt_software_config_id"], "server_id": "cross"}), dbase])
    req("H", "delete", [*auth(token), "-X", "DELETE", f"{dbase}/{minimal}"])
    req("H", "show after delete", [*auth(token), f"{dbase}/{minimal}"])
    req("H", "delete again", [*auth(token), "-X", "DELETE", f"{dbase}/{minimal}"])
    # Leave nothing behind but what the transcript needs for the list above.
    for dep in (full,):
        curl([*auth(token), "-X", "DELETE", f"{dbase}/{dep}"])
    listed = json.loads(curl([*auth(token), dbase])[3] or "{}").get("software_deployments", [])
    seeded = {d["id"] for d in SEED.get("software_deployments", [])}
    for dep in listed:
        if dep["id"] not in seeded:
            curl([*auth(token), "-X", "DELETE", f"{dbase}/{dep['id']}"])
    curl([*auth(alt), "-X", "DELETE", f"{HEAT}/v1/{ALT}/software_deployments/{alt_dep}"])
    req("H", "list after cleanup (the deployment start.sh seeded remains)", [*auth(token), dbase])
    if DESTRUCTIVE:
        unknown_config(token, dbase)
    if "--family" in sys.argv[2:] or "--all" in sys.argv[2:]:
        import observe_family
        observe_family.run(sys.modules[__name__], token, alt, bad)


def unknown_config(token, dbase, section="H"):
    fk = "with" if SQLITE_FK else "without"
    req(section, f"create with an unknown config_id ({fk} start.sh's foreign-key triggers)",
        [*auth(token), *json_body({"config_id": "00000000-0000-0000-0000-000000000000", "server_id": "dangling"}), dbase])
    req(section, "list after the unknown config_id create", [*auth(token), dbase])
    cfg = SEED["software_config_id"]
    _, _, created = req(section, "create a deployment to update", [*auth(token), *json_body({"config_id": cfg, "server_id": "fk"}), dbase])
    dep = created["software_deployment"]["id"] if created and "software_deployment" in created else "missing"
    req(section, "update config_id to an unknown id", [*auth(token), "-X", "PUT",
        *json_body({"config_id": "00000000-0000-0000-0000-000000000000"}), f"{dbase}/{dep}"])
    req(section, "show after that update", [*auth(token), f"{dbase}/{dep}"])


if __name__ == "__main__":
    sys.modules.setdefault("observe", sys.modules[__name__])
    if "--family-only" in sys.argv[2:]:
        import observe_family
        t = get_token("demo", SECRETS["DEMO_PASSWORD"], "demo", "$TOKEN")
        a = get_token("alt", SECRETS["ALT_PASSWORD"], "alt", "$ALT_TOKEN")
        print("# Transcript of scripts/upstream/observe.py --family-only\n")
        observe_family.run(sys.modules[__name__], t, a, "gAAAAABbadtokenbadtokenbadtoken")
    else:
        main()
