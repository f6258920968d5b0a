"""The family pages' operations on real Glance v2 (G), Cinder v3 volumes and friends (V) and Heat
stacks, resources, events, resource types, configs (S): what each answers, as Markdown.

Called by observe.py (`--family-only`, or `--family` after its own sections); uses its helpers
(req, curl, auth, json_body) and the ids start.sh seeded (seed.json). It creates and deletes its own
images, volumes, transfers and stacks; the seeded rows it acts on (actions, metadata) change state.
"""
import json
import time


def run(o, token, alt, bad):
    seed = o.SEED
    print(f"Glance {o.GLANCE}, Cinder {o.CINDER}, Heat {o.HEAT}; demo project `{o.DEMO}`, alt project `{o.ALT}`.")
    print("Tokens: project-scoped password tokens of users demo ($TOKEN) and alt ($ALT_TOKEN).")
    print("Seeded by start.sh: " + json.dumps({
        "volumes": [(v["name"], v["id"], "host" if v["host"] else "no host") for v in seed["volumes"]],
        "snapshots": [(s["name"], s["volume_id"]) for s in seed["snapshots"]],
        "volume_type": seed["volume_type"], "images": [(i["name"], i["id"], i["status"], i["visibility"]) for i in seed["images"]],
        "stacks": [(s["name"], s["id"]) for s in seed["stacks"]], "server_id": seed["server_id"]}))
    glance(o, token, alt, bad)
    cinder(o, token, alt, bad)
    heat(o, token, alt, bad)


def jget(o, args):
    body = o.curl(args)[3]
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------- G
def glance(o, token, alt, bad):
    G = o.GLANCE
    req, auth, jb = o.req, o.auth, o.json_body
    ajson = ["-H", "Accept: application/json"]
    patch21 = ["-H", "Content-Type: application/openstack-images-v2.1-json-patch"]
    octet = ["-H", "Content-Type: application/octet-stream"]
    print("\n## G. Glance v2 (images)\n")
    active = next(i for i in o.SEED["images"] if i["name"] == "seed-image-active")
    public = next(i for i in o.SEED["images"] if i["visibility"] == "public")
    req("G", "versions at the root, no token", [f"{G}/"])
    req("G", "GET /versions", [f"{G}/versions"])
    req("G", "GET /v2 (per-version document?)", [*auth(token), f"{G}/v2"])
    req("G", "GET /v2/", [*auth(token), *ajson, f"{G}/v2/"])
    req("G", "GET /v2.0 (the per-version page's example)", [*auth(token), f"{G}/v2.0"])
    req("G", "GET /v2.0 following redirects, Accept: application/json", [*auth(token), *ajson, "-L", f"{G}/v2.0"])
    req("G", "GET /v1.1/images/detail (the v1.1 page's path)", [*auth(token), *ajson, f"{G}/v1.1/images/detail"], limit=600)
    req("G", "GET /v1/images/detail", [*auth(token), *ajson, f"{G}/v1/images/detail"], limit=600)
    req("G", "list images (seeded: active, private queued, admin's public)", [*auth(token), f"{G}/v2/images"])
    _, _, page = req("G", "list limit=1", [*auth(token), f"{G}/v2/images?limit=1"], limit=1500)
    if page and page.get("next"):
        req("G", "follow next as given (relative path on the endpoint)", [*auth(token), f"{G}{page['next']}"], limit=1500)
    req("G", "list limit=3 (exactly all three: next on the last page?)", [*auth(token), f"{G}/v2/images?limit=3"])
    req("G", "list limit=abc", [*auth(token), *ajson, f"{G}/v2/images?limit=abc"])
    req("G", "list limit=-1", [*auth(token), *ajson, f"{G}/v2/images?limit=-1"])
    req("G", "list unknown marker", [*auth(token), *ajson, f"{G}/v2/images?marker=00000000-0000-0000-0000-000000000000"])
    req("G", "list sort_key=create_at (vendor spelling)", [*auth(token), *ajson, f"{G}/v2/images?sort_key=create_at"])
    req("G", "list sort_key=name&sort_dir=asc", [*auth(token), f"{G}/v2/images?sort_key=name&sort_dir=asc"], limit=400)
    req("G", "list sort=name:desc", [*auth(token), f"{G}/v2/images?sort=name:desc"], limit=400)
    req("G", "list vendor filter __imagetype=gold", [*auth(token), f"{G}/v2/images?__imagetype=gold"])
    req("G", "list visibility=public", [*auth(token), f"{G}/v2/images?visibility=public"], limit=400)
    req("G", "list visibility=bogus", [*auth(token), *ajson, f"{G}/v2/images?visibility=bogus"])
    req("G", "list status=active&tag=seed", [*auth(token), f"{G}/v2/images?status=active&tag=seed"], limit=400)
    req("G", "list name=seed-image-active", [*auth(token), f"{G}/v2/images?name=seed-image-active"], limit=400)
    req("G", "list protected=True (capital T)", [*auth(token), *ajson, f"{G}/v2/images?protected=True"])
    req("G", "list size_min=1000&size_max=2000", [*auth(token), f"{G}/v2/images?size_min=1000&size_max=2000"], limit=400)
    req("G", "list size_min=abc", [*auth(token), *ajson, f"{G}/v2/images?size_min=abc"])
    req("G", "list created_at=gt:2000-01-01T00:00:00Z", [*auth(token), f"{G}/v2/images?created_at=gt:2000-01-01T00:00:00Z"], limit=400)
    req("G", "list changes-since (v1 filter)", [*auth(token), *ajson, f"{G}/v2/images?changes-since=2000-01-01T00:00:00Z"])
    req("G", "list no token", [f"{G}/v2/images"])
    req("G", "list no token, Accept: application/json", [*ajson, f"{G}/v2/images"])
    req("G", "list bad token, Accept: application/json", [*auth(bad), *ajson, f"{G}/v2/images"])
    req("G", "HEAD /v2/images", [*auth(token), "-I", f"{G}/v2/images"])
    req("G", "show the seeded active image", [*auth(token), f"{G}/v2/images/{active['id']}"])
    req("G", "show admin's public image", [*auth(token), f"{G}/v2/images/{public['id']}"])
    req("G", "show unknown id, Accept: application/json", [*auth(token), *ajson, f"{G}/v2/images/00000000-0000-0000-0000-000000000000"])
    req("G", "show unknown id, default Accept (curl */*)", [*auth(token), f"{G}/v2/images/00000000-0000-0000-0000-000000000000"], limit=600)
    req("G", "show unknown id, no Accept header", [*auth(token), "-H", "Accept:", f"{G}/v2/images/00000000-0000-0000-0000-000000000000"])
    _, h, minimal = req("G", "create with {}", [*auth(token), *jb({}), f"{G}/v2/images"])
    mid = minimal["id"] if minimal else "missing"
    _, _, full = req("G", "create with the documented fields", [*auth(token), *jb({
        "name": "observed-image", "disk_format": "raw", "container_format": "bare", "visibility": "private",
        "protected": False, "min_disk": 1, "min_ram": 256, "tags": ["a", "b"], "os_distro": "debian",
        "purpose": "observation"}), f"{G}/v2/images"])
    fid = full["id"] if full else "missing"
    req("G", "create with status (read-only)", [*auth(token), *ajson, *jb({"name": "x", "status": "active"}), f"{G}/v2/images"])
    req("G", "create with disk_format zvhd", [*auth(token), *ajson, *jb({"name": "x", "disk_format": "zvhd"}), f"{G}/v2/images"])
    req("G", "create with a number as an extra property", [*auth(token), *ajson, *jb({"name": "x", "__os_bit": 64}), f"{G}/v2/images"])
    req("G", "create with visibility public (non-admin)", [*auth(token), *ajson, *jb({"name": "x", "visibility": "public"}), f"{G}/v2/images"])
    req("G", "create with the id of an existing image", [*auth(token), *ajson, *jb({"id": fid}), f"{G}/v2/images"])
    req("G", "create with malformed JSON", [*auth(token), *ajson, *jb("{not json"), f"{G}/v2/images"])
    req("G", "create with a name of 256 characters", [*auth(token), *ajson, *jb({"name": "n" * 256}), f"{G}/v2/images"])
    req("G", "PATCH (v2.1 patch) replace name, add a property", [*auth(token), "-X", "PATCH", *patch21, "-d", json.dumps([
        {"op": "replace", "path": "/name", "value": "renamed"}, {"op": "add", "path": "/colour", "value": "blue"}]),
        f"{G}/v2/images/{fid}"])
    req("G", "PATCH with Content-Type: application/json", [*auth(token), *ajson, "-X", "PATCH", *jb([
        {"op": "replace", "path": "/name", "value": "x"}]), f"{G}/v2/images/{fid}"])
    req("G", "PATCH remove /name (base attribute)", [*auth(token), *ajson, "-X", "PATCH", *patch21, "-d", json.dumps([
        {"op": "remove", "path": "/name"}]), f"{G}/v2/images/{fid}"])
    req("G", "PATCH replace a property that does not exist", [*auth(token), *ajson, "-X", "PATCH", *patch21, "-d", json.dumps([
        {"op": "replace", "path": "/nothere", "value": "x"}]), f"{G}/v2/images/{fid}"])
    req("G", "PATCH replace /status (read-only)", [*auth(token), *ajson, "-X", "PATCH", *patch21, "-d", json.dumps([
        {"op": "replace", "path": "/status", "value": "active"}]), f"{G}/v2/images/{fid}"])
    req("G", "PATCH replace /visibility with bogus", [*auth(token), *ajson, "-X", "PATCH", *patch21, "-d", json.dumps([
        {"op": "replace", "path": "/visibility", "value": "bogus"}]), f"{G}/v2/images/{fid}"])
    req("G", "PATCH with []", [*auth(token), "-X", "PATCH", *patch21, "-d", "[]", f"{G}/v2/images/{fid}"], limit=300)
    req("G", "PATCH an unknown image", [*auth(token), *ajson, "-X", "PATCH", *patch21, "-d", "[]", f"{G}/v2/images/00000000-0000-0000-0000-000000000000"])
    data = "0123456789abcdef" * 64
    req("G", "upload to the image without formats (the {} one)", [*auth(token), *ajson, "-X", "PUT", *octet, "--data-binary", data, f"{G}/v2/images/{mid}/file"])
    req("G", "upload without Content-Type", [*auth(token), *ajson, "-X", "PUT", "-H", "Content-Type:", "--data-binary", data, f"{G}/v2/images/{fid}/file"])
    req("G", "upload with Content-Type: application/json", [*auth(token), *ajson, "-X", "PUT", "-H", "Content-Type: application/json", "--data-binary", data, f"{G}/v2/images/{fid}/file"])
    req("G", "upload 1 KiB (application/octet-stream)", [*auth(token), "-X", "PUT", *octet, "--data-binary", data, f"{G}/v2/images/{fid}/file"])
    req("G", "show after upload", [*auth(token), f"{G}/v2/images/{fid}"])
    req("G", "upload again to the now active image", [*auth(token), *ajson, "-X", "PUT", *octet, "--data-binary", data, f"{G}/v2/images/{fid}/file"])
    req("G", "upload to an unknown image", [*auth(token), *ajson, "-X", "PUT", *octet, "--data-binary", data, f"{G}/v2/images/00000000-0000-0000-0000-000000000000/file"])
    req("G", "PATCH replace /disk_format of the active image", [*auth(token), *ajson, "-X", "PATCH", *patch21, "-d", json.dumps([
        {"op": "replace", "path": "/disk_format", "value": "qcow2"}]), f"{G}/v2/images/{fid}"])
    req("G", "add tag", [*auth(token), "-X", "PUT", f"{G}/v2/images/{fid}/tags/new-tag"])
    req("G", "add the same tag again", [*auth(token), "-X", "PUT", f"{G}/v2/images/{fid}/tags/new-tag"])
    req("G", "add a tag of 256 characters", [*auth(token), *ajson, "-X", "PUT", f"{G}/v2/images/{fid}/tags/{'t' * 256}"])
    req("G", "add a tag to an unknown image", [*auth(token), *ajson, "-X", "PUT", f"{G}/v2/images/00000000-0000-0000-0000-000000000000/tags/x"])
    req("G", "delete tag", [*auth(token), "-X", "DELETE", f"{G}/v2/images/{fid}/tags/new-tag"])
    req("G", "delete the same tag again (missing)", [*auth(token), *ajson, "-X", "DELETE", f"{G}/v2/images/{fid}/tags/new-tag"])
    req("G", "add a tag to another project's public image (alt token, admin's image)", [*auth(alt), *ajson, "-X", "PUT", f"{G}/v2/images/{public['id']}/tags/x"])
    for name in ("image", "images", "member", "members"):
        req("G", f"schema {name}", [*auth(token), f"{G}/v2/schemas/{name}"], limit=2500)
    req("G", "schema image without a token", [*ajson, f"{G}/v2/schemas/image"], limit=400)
    req("G", "POST to a schema", [*auth(token), *ajson, *jb({}), f"{G}/v2/schemas/image"])
    req("G", "members of a private image", [*auth(token), *ajson, f"{G}/v2/images/{fid}/members"])
    req("G", "add a member to the shared ({}-created) image", [*auth(token), *jb({"member": o.ALT}), f"{G}/v2/images/{mid}/members"])
    req("G", "members list", [*auth(token), f"{G}/v2/images/{mid}/members"])
    req("G", "DELETE a member", [*auth(token), "-X", "DELETE", f"{G}/v2/images/{mid}/members/{o.ALT}"])
    req("G", "delete image", [*auth(token), "-X", "DELETE", f"{G}/v2/images/{mid}"])
    req("G", "show after delete", [*auth(token), *ajson, f"{G}/v2/images/{mid}"])
    req("G", "delete again", [*auth(token), *ajson, "-X", "DELETE", f"{G}/v2/images/{mid}"])
    req("G", "PATCH protected=true, then delete", [*auth(token), "-X", "PATCH", *patch21, "-d", json.dumps([
        {"op": "replace", "path": "/protected", "value": True}]), f"{G}/v2/images/{fid}"], limit=300)
    req("G", "delete a protected image", [*auth(token), *ajson, "-X", "DELETE", f"{G}/v2/images/{fid}"])
    o.curl([*auth(token), "-X", "PATCH", *patch21, "-d", json.dumps([{"op": "replace", "path": "/protected", "value": False}]), f"{G}/v2/images/{fid}"])
    req("G", "delete admin's public image as demo", [*auth(token), *ajson, "-X", "DELETE", f"{G}/v2/images/{public['id']}"])
    req("G", "delete (after protected=false)", [*auth(token), "-X", "DELETE", f"{G}/v2/images/{fid}"])
    req("G", "create again with the id of the deleted image", [*auth(token), *ajson, *jb({"id": fid}), f"{G}/v2/images"])


# --------------------------------------------------------------------------------------------- V
def cinder(o, token, alt, bad):
    C = f"{o.CINDER}/v3/{o.DEMO}"
    req, auth, jb = o.req, o.auth, o.json_body
    mv = lambda v: ["-H", f"OpenStack-API-Version: volume {v}"]
    print("\n## V. Cinder v3: volumes, metadata, actions, types, transfers, AZs, quotas, extensions\n")
    vols = {v["name"]: v for v in o.SEED["volumes"]}
    v1, v2, v3 = vols["seed-volume-1"]["id"], vols["seed-volume-2"]["id"], vols["seed-volume-3"]["id"]
    hostless = vols["seed-volume-hostless"]["id"]
    req("V", "volumes list (summary)", [*auth(token), f"{C}/volumes"])
    req("V", "volumes list limit=2", [*auth(token), f"{C}/volumes?limit=2"], limit=2500)
    req("V", "volumes detail list (3.0)", [*auth(token), f"{C}/volumes/detail?limit=1"])
    req("V", "volumes detail list (3.70)", [*auth(token), *mv("3.70"), f"{C}/volumes/detail?limit=1"])
    req("V", "volumes detail name=seed-volume-2", [*auth(token), f"{C}/volumes/detail?name=seed-volume-2"], limit=600)
    req("V", "volumes detail unknown filter foo=bar at 3.31", [*auth(token), *mv("3.31"), f"{C}/volumes/detail?foo=bar"])
    req("V", "volumes list unknown marker", [*auth(token), f"{C}/volumes?marker=00000000-0000-0000-0000-000000000000"])
    req("V", "volume show (3.0)", [*auth(token), f"{C}/volumes/{v2}"])
    req("V", "volume show (3.70)", [*auth(token), *mv("3.70"), f"{C}/volumes/{v2}"])
    req("V", "volume show unknown", [*auth(token), f"{C}/volumes/00000000-0000-0000-0000-000000000000"])
    req("V", "volume show of alt's volume", [*auth(token), f"{C}/volumes/{o.SEED['alt_volume_ids'][0]}"])
    req("V", "volumes/summary at 3.0", [*auth(token), f"{C}/volumes/summary"])
    req("V", "volumes/summary at 3.12", [*auth(token), *mv("3.12"), f"{C}/volumes/summary"])
    req("V", "volumes/summary at 3.36", [*auth(token), *mv("3.36"), f"{C}/volumes/summary"])
    _, _, created = req("V", "create volume {size 1, name}", [*auth(token), *jb({"volume": {"size": 1, "name": "observed", "description": "d", "metadata": {"k": "v"}}}), f"{C}/volumes"])
    cid = created["volume"]["id"] if created and "volume" in created else "missing"
    time.sleep(2)
    req("V", "show the created volume 2 s later", [*auth(token), f"{C}/volumes/{cid}"], limit=800)
    req("V", "create without size", [*auth(token), *jb({"volume": {"name": "x"}}), f"{C}/volumes"])
    req("V", "create with size 0", [*auth(token), *jb({"volume": {"size": 0}}), f"{C}/volumes"])
    req("V", "create with size \"1\" (string)", [*auth(token), *jb({"volume": {"size": "1", "name": "string-size"}}), f"{C}/volumes"], limit=400)
    req("V", "create with availability_zone bogus", [*auth(token), *jb({"volume": {"size": 1, "availability_zone": "bogus"}}), f"{C}/volumes"])
    req("V", "create with an unknown volume_type", [*auth(token), *jb({"volume": {"size": 1, "volume_type": "nope"}}), f"{C}/volumes"])
    req("V", "create with volume_type seed-type", [*auth(token), *jb({"volume": {"size": 1, "volume_type": "seed-type", "name": "typed"}}), f"{C}/volumes"], limit=600)
    req("V", "create with multiattach true", [*auth(token), *jb({"volume": {"size": 1, "multiattach": True}}), f"{C}/volumes"])
    req("V", "create without Content-Type", [*auth(token), "-H", "Content-Type:", "-d", json.dumps({"volume": {"size": 1}}), f"{C}/volumes"])
    req("V", "create with malformed JSON", [*auth(token), *jb("{not json"), f"{C}/volumes"])
    req("V", "create with an unknown key in volume", [*auth(token), *jb({"volume": {"size": 1, "bogus": 1, "name": "unknown-key"}}), f"{C}/volumes"], limit=400)
    req("V", "update name/description", [*auth(token), "-X", "PUT", *jb({"volume": {"name": "seed-volume-3-renamed", "description": "changed"}}), f"{C}/volumes/{v3}"])
    req("V", "show after update", [*auth(token), f"{C}/volumes/{v3}"], limit=600)
    req("V", "update with an empty volume object", [*auth(token), "-X", "PUT", *jb({"volume": {}}), f"{C}/volumes/{v3}"])
    req("V", "update an unknown volume", [*auth(token), "-X", "PUT", *jb({"volume": {"name": "x"}}), f"{C}/volumes/00000000-0000-0000-0000-000000000000"])
    M = f"{C}/volumes/{v1}/metadata"
    req("V", "metadata GET (3.0)", [*auth(token), M])
    req("V", "metadata GET (3.15: ETag)", [*auth(token), *mv("3.15"), M])
    req("V", "metadata POST (merge)", [*auth(token), *jb({"metadata": {"added": "yes"}}), M])
    req("V", "metadata PUT (replace all)", [*auth(token), "-X", "PUT", *jb({"metadata": {"purpose": "conformance", "tier": "silver"}}), M])
    req("V", "metadata key GET", [*auth(token), f"{M}/tier"])
    req("V", "metadata key PUT", [*auth(token), "-X", "PUT", *jb({"meta": {"tier": "bronze"}}), f"{M}/tier"])
    req("V", "metadata key PUT, body key differs from URI", [*auth(token), "-X", "PUT", *jb({"meta": {"other": "x"}}), f"{M}/tier"])
    req("V", "metadata key PUT, two items", [*auth(token), "-X", "PUT", *jb({"meta": {"tier": "x", "b": "y"}}), f"{M}/tier"])
    req("V", "metadata POST, non-string value", [*auth(token), *jb({"metadata": {"n": 1}}), M])
    req("V", "metadata POST, key with a bad character", [*auth(token), *jb({"metadata": {"bad*key": "x"}}), M])
    req("V", "metadata key DELETE", [*auth(token), "-X", "DELETE", f"{M}/tier"])
    req("V", "metadata key GET after delete", [*auth(token), f"{M}/tier"])
    req("V", "metadata key DELETE again", [*auth(token), "-X", "DELETE", f"{M}/tier"])
    req("V", "metadata of an unknown volume", [*auth(token), f"{C}/volumes/00000000-0000-0000-0000-000000000000/metadata"])
    A = f"{C}/volumes/{v2}/action"
    req("V", "os-set_bootable false", [*auth(token), *jb({"os-set_bootable": {"bootable": False}}), A])
    req("V", "os-set_bootable \"maybe\"", [*auth(token), *jb({"os-set_bootable": {"bootable": "maybe"}}), A])
    req("V", "os-update_readonly_flag true", [*auth(token), *jb({"os-update_readonly_flag": {"readonly": True}}), A])
    req("V", "show after the flags (metadata readonly, bootable)", [*auth(token), f"{C}/volumes/{v2}"], limit=1500)
    req("V", "os-update_readonly_flag without readonly", [*auth(token), *jb({"os-update_readonly_flag": {}}), A])
    req("V", "os-extend to the same size", [*auth(token), *jb({"os-extend": {"new_size": 2}}), A])
    req("V", "os-extend new_size \"abc\"", [*auth(token), *jb({"os-extend": {"new_size": "abc"}}), A])
    req("V", "unknown action", [*auth(token), *jb({"os-bogus": {}}), A])
    req("V", "action without Content-Type", [*auth(token), "-H", "Content-Type:", "-d", json.dumps({"os-extend": {"new_size": 3}}), A])
    req("V", "os-extend new_size 3", [*auth(token), *jb({"os-extend": {"new_size": 3}}), A])
    req("V", "show after extend", [*auth(token), f"{C}/volumes/{v2}"], limit=400)
    req("V", "os-extend again while extending", [*auth(token), *jb({"os-extend": {"new_size": 4}}), A])
    req("V", "os-volume_upload_image on the extending volume", [*auth(token), *jb({"os-volume_upload_image": {"image_name": "x"}}), A])
    A3 = f"{C}/volumes/{v3}/action"
    req("V", "os-volume_upload_image (3.0)", [*auth(token), *jb({"os-volume_upload_image": {"image_name": "from-volume", "force": False, "disk_format": "raw", "container_format": "bare"}}), A3])
    req("V", "show after upload_image", [*auth(token), f"{C}/volumes/{v3}"], limit=400)
    req("V", "os-volume_upload_image with disk_format zvhd", [*auth(token), *jb({"os-volume_upload_image": {"image_name": "x", "disk_format": "zvhd"}}), f"{C}/volumes/{hostless}/action"])
    req("V", "os-volume_upload_image at 3.1 with visibility/protected (host-less volume)", [*auth(token), *mv("3.1"), *jb({"os-volume_upload_image": {"image_name": "from-volume-3", "visibility": "private", "protected": False}}), f"{C}/volumes/{hostless}/action"])
    images = jget(o, [*auth(token), f"{o.GLANCE}/v2/images?name=from-volume-3"])
    if images and images.get("images"):
        img = images["images"][0]
        req("V", "the Glance image made by upload_image", [*auth(token), f"{o.GLANCE}/v2/images/{img['id']}"])
    T = f"{C}/os-volume-transfer"
    req("V", "types list", [*auth(token), f"{C}/types"])
    req("V", "type show (seed-type)", [*auth(token), f"{C}/types/{o.SEED['volume_type']['id']}"])
    req("V", "type show default", [*auth(token), f"{C}/types/default"])
    req("V", "type show unknown", [*auth(token), f"{C}/types/00000000-0000-0000-0000-000000000000"])
    req("V", "types list is_public=false (non-admin)", [*auth(token), f"{C}/types?is_public=false"], limit=600)
    req("V", "availability zones", [*auth(token), f"{C}/os-availability-zone"])
    req("V", "quotas usage=True", [*auth(token), f"{C}/os-quota-sets/{o.DEMO}?usage=True"])
    req("V", "quotas without usage", [*auth(token), f"{C}/os-quota-sets/{o.DEMO}"])
    req("V", "quotas usage=abc", [*auth(token), f"{C}/os-quota-sets/{o.DEMO}?usage=abc"])
    req("V", "quotas of alt's project", [*auth(token), f"{C}/os-quota-sets/{o.ALT}?usage=True"])
    req("V", "extensions", [*auth(token), f"{C}/extensions"], limit=3000)
    req("V", "transfers list (none yet)", [*auth(token), T])
    _, _, tr = req("V", "transfer create on seed-volume-1", [*auth(token), *jb({"transfer": {"volume_id": v1, "name": "observed-transfer"}}), T])
    tid = tr["transfer"]["id"] if tr and "transfer" in tr else "missing"
    req("V", "volume after transfer create", [*auth(token), f"{C}/volumes/{v1}"], limit=300)
    req("V", "transfer create on the same volume again", [*auth(token), *jb({"transfer": {"volume_id": v1}}), T])
    req("V", "transfer create without volume_id", [*auth(token), *jb({"transfer": {"name": "x"}}), T])
    req("V", "transfer create on an unknown volume", [*auth(token), *jb({"transfer": {"volume_id": "00000000-0000-0000-0000-000000000000"}}), T])
    req("V", "transfer create on a volume that is not available (the extending one)", [*auth(token), *jb({"transfer": {"volume_id": v2}}), T])
    req("V", "transfers list", [*auth(token), T])
    req("V", "transfers detail list", [*auth(token), f"{T}/detail"])
    req("V", "transfers list limit=1", [*auth(token), f"{T}?limit=1"])
    req("V", "transfers list (volume-transfers at 3.59) limit=1", [*auth(token), *mv("3.59"), f"{C}/volume-transfers?limit=1"])
    req("V", "transfer show", [*auth(token), f"{T}/{tid}"])
    req("V", "transfer show unknown", [*auth(token), f"{T}/00000000-0000-0000-0000-000000000000"])
    req("V", "transfer show as alt through alt's project", [*auth(alt), f"{o.CINDER}/v3/{o.ALT}/os-volume-transfer/{tid}"])
    auth_key = tr["transfer"].get("auth_key") if tr and "transfer" in tr else "missing"
    req("V", "transfer accept with a wrong auth_key (alt)", [*auth(alt), *jb({"accept": {"auth_key": "wrong"}}), f"{o.CINDER}/v3/{o.ALT}/os-volume-transfer/{tid}/accept"])
    req("V", "transfer accept without auth_key (alt)", [*auth(alt), *jb({"accept": {}}), f"{o.CINDER}/v3/{o.ALT}/os-volume-transfer/{tid}/accept"])
    req("V", "transfer accept of an unknown transfer (alt)", [*auth(alt), *jb({"accept": {"auth_key": "x"}}), f"{o.CINDER}/v3/{o.ALT}/os-volume-transfer/00000000-0000-0000-0000-000000000000/accept"])
    t0 = time.time()
    req("V", "transfer accept with the right auth_key (alt; no volume service answers the RPC call)",
        [*auth(alt), *jb({"accept": {"auth_key": auth_key}}), f"{o.CINDER}/v3/{o.ALT}/os-volume-transfer/{tid}/accept"],
        wait=100)
    print(f"Measured: the accept above took {time.time() - t0:.0f} s.")
    req("V", "transfer delete", [*auth(token), "-X", "DELETE", f"{T}/{tid}"])
    req("V", "transfer delete again", [*auth(token), "-X", "DELETE", f"{T}/{tid}"])
    _, _, tr2 = req("V", "transfer create again on seed-volume-1 (volume-transfers, 3.57: new fields)", [*auth(token), *mv("3.57"), *jb({"transfer": {"volume_id": v1, "name": "second"}}), f"{C}/volume-transfers"])
    if tr2 and "transfer" in tr2:
        req("V", "transfer show (volume-transfers, 3.57)", [*auth(token), *mv("3.57"), f"{C}/volume-transfers/{tr2['transfer']['id']}"])
        req("V", "transfer delete (volume-transfers path)", [*auth(token), "-X", "DELETE", f"{C}/volume-transfers/{tr2['transfer']['id']}"])
    req("V", "volume after transfer delete", [*auth(token), f"{C}/volumes/{v1}"], limit=300)
    req("V", "delete a volume with host and snapshots (seed-volume-1)", [*auth(token), "-X", "DELETE", f"{C}/volumes/{v1}"])
    req("V", "delete the host-less seeded volume", [*auth(token), "-X", "DELETE", f"{C}/volumes/{hostless}"])
    req("V", "show after delete", [*auth(token), f"{C}/volumes/{hostless}"])
    req("V", "delete the volume created above (creating, no host)", [*auth(token), "-X", "DELETE", f"{C}/volumes/{cid}"])
    req("V", "delete an unknown volume", [*auth(token), "-X", "DELETE", f"{C}/volumes/00000000-0000-0000-0000-000000000000"])
    req("V", "volumes list no token", [f"{C}/volumes"])
    req("V", "volumes list bad token", [*auth(bad), f"{C}/volumes"])
    # Leave no observed volume behind (host-less ones are removed at once).
    listed = jget(o, [*auth(token), f"{C}/volumes"]) or {}
    for v in listed.get("volumes", []):
        if v.get("name") in ("observed", "string-size", "typed", "unknown-key"):
            o.curl([*auth(token), "-X", "DELETE", f"{C}/volumes/{v['id']}"])


# --------------------------------------------------------------------------------------------- S
def wait_stack(o, token, url, want, limit=60):
    deadline = time.time() + limit
    while time.time() < deadline:
        body = jget(o, [*o.auth(token), url]) or {}
        status = body.get("stack", {}).get("stack_status", "")
        if status in want or (status and not status.endswith("IN_PROGRESS")):
            return status
        time.sleep(0.5)
    return "timeout"


def heat(o, token, alt, bad):
    H = f"{o.HEAT}/v1/{o.DEMO}"
    req, auth, jb = o.req, o.auth, o.json_body
    ajson = ["-H", "Accept: application/json"]
    print("\n## S. Heat v1: stacks, resources, events, templates, resource types, build info, configs\n")
    seeded = next(s for s in o.SEED["stacks"] if s["name"] == "seed-stack")
    SS = f"{H}/stacks/seed-stack/{seeded['id']}"
    tmpl = {"heat_template_version": "2018-08-31", "description": "observed stack",
            "parameters": {"n": {"type": "number", "default": 8}},
            "resources": {"none": {"type": "OS::Heat::None"},
                          "rand": {"type": "OS::Heat::RandomString", "properties": {"length": {"get_param": "n"}}}},
            "outputs": {"value": {"value": {"get_attr": ["rand", "value"]}, "description": "the string"}}}
    req("S", "build_info", [*auth(token), f"{H}/build_info"])
    req("S", "stacks list", [*auth(token), f"{H}/stacks"])
    req("S", "stacks list limit=1", [*auth(token), f"{H}/stacks?limit=1"])
    req("S", "stacks list unknown marker", [*auth(token), f"{H}/stacks?marker=00000000-0000-0000-0000-000000000000&limit=1"], limit=400)
    req("S", "stacks list sort_keys=stack_name (no sort_dir)", [*auth(token), f"{H}/stacks?sort_keys=stack_name"], limit=400)
    req("S", "stacks list sort_keys=bogus", [*auth(token), f"{H}/stacks?sort_keys=bogus"], limit=300)
    req("S", "stacks list sort_dir=sideways", [*auth(token), f"{H}/stacks?sort_dir=sideways"])
    req("S", "stacks list limit=abc", [*auth(token), f"{H}/stacks?limit=abc"])
    req("S", "stacks list with_count=true", [*auth(token), f"{H}/stacks?with_count=true&limit=1"])
    req("S", "stacks list status=CREATE_COMPLETE&name=seed-stack", [*auth(token), f"{H}/stacks?status=COMPLETE&name=seed-stack"], limit=400)
    req("S", "stacks list unknown filter foo=bar", [*auth(token), f"{H}/stacks?foo=bar"], limit=1500)
    req("S", "stacks list no token", [f"{H}/stacks"])
    req("S", "stack show (seeded)", [*auth(token), SS])
    req("S", "stack lookup by name", [*auth(token), f"{H}/stacks/seed-stack"])
    req("S", "stack lookup by name + /resources", [*auth(token), f"{H}/stacks/seed-stack/resources"])
    req("S", "stack show, right name, unknown id", [*auth(token), f"{H}/stacks/seed-stack/00000000-0000-0000-0000-000000000000"])
    req("S", "stack lookup unknown name", [*auth(token), f"{H}/stacks/no-such-stack"])
    req("S", "stack template", [*auth(token), f"{SS}/template"])
    req("S", "stack resources", [*auth(token), f"{SS}/resources"])
    req("S", "stack resources with_detail=true", [*auth(token), f"{SS}/resources?with_detail=true"], limit=3000)
    req("S", "stack resources unknown filter foo=bar", [*auth(token), f"{SS}/resources?foo=bar"])
    req("S", "resource show (secret: RandomString)", [*auth(token), f"{SS}/resources/secret"])
    req("S", "resource show unknown", [*auth(token), f"{SS}/resources/nothere"])
    req("S", "resource metadata", [*auth(token), f"{SS}/resources/marker/metadata"])
    _, _, revents = req("S", "resource events", [*auth(token), f"{SS}/resources/marker/events"])
    req("S", "stack events", [*auth(token), f"{SS}/events"], limit=3000)
    req("S", "stack events limit=1&sort_dir=asc", [*auth(token), f"{SS}/events?limit=1&sort_dir=asc"], limit=1500)
    req("S", "stack events unknown marker", [*auth(token), f"{SS}/events?marker=00000000-0000-0000-0000-000000000000&limit=1"], limit=400)
    if revents and revents.get("events"):
        req("S", "event show", [*auth(token), f"{SS}/resources/marker/events/{revents['events'][0]['id']}"])
    req("S", "event show unknown", [*auth(token), f"{SS}/resources/marker/events/00000000-0000-0000-0000-000000000000"])
    req("S", "resource events of an unknown resource", [*auth(token), f"{SS}/resources/nothere/events"])
    req("S", "signal OS::Heat::None", [*auth(token), *jb({"data": "x"}), f"{SS}/resources/marker/signal"])
    req("S", "signal an unknown resource", [*auth(token), *jb({}), f"{SS}/resources/nothere/signal"])
    req("S", "preview", [*auth(token), *jb({"stack_name": "previewed", "template": tmpl}), f"{H}/stacks/preview"])
    req("S", "preview without stack_name", [*auth(token), *jb({"template": tmpl}), f"{H}/stacks/preview"])
    req("S", "validate", [*auth(token), *jb({"template": tmpl}), f"{H}/validate"])
    req("S", "validate an unknown resource type", [*auth(token), *jb({"template": {"heat_template_version": "2018-08-31", "resources": {"x": {"type": "OS::Nope::Thing"}}}}), f"{H}/validate"])
    req("S", "validate without template", [*auth(token), *jb({}), f"{H}/validate"])
    _, hh, made = req("S", "create stack", [*auth(token), *jb({"stack_name": "observed", "template": tmpl, "parameters": {"n": 10}, "timeout_mins": 5, "tags": "x,y"}), f"{H}/stacks"])
    sid = made["stack"]["id"] if made and "stack" in made else "missing"
    S = f"{H}/stacks/observed/{sid}"
    req("S", "show right after create", [*auth(token), S], limit=600)
    print(f"Create finished as {wait_stack(o, token, S, ('CREATE_COMPLETE',))}.")
    req("S", "show after create completed", [*auth(token), S])
    req("S", "create the same name again", [*auth(token), *jb({"stack_name": "observed", "template": tmpl}), f"{H}/stacks"])
    req("S", "create without template", [*auth(token), *jb({"stack_name": "nothing"}), f"{H}/stacks"])
    req("S", "create without stack_name", [*auth(token), *jb({"template": tmpl}), f"{H}/stacks"])
    req("S", "create with an unknown resource type", [*auth(token), *jb({"stack_name": "bad-type", "template": {"heat_template_version": "2018-08-31", "resources": {"x": {"type": "OS::Nope::Thing"}}}}), f"{H}/stacks"])
    req("S", "create with OS::Nova::Server (no Nova in the catalog)", [*auth(token), *jb({"stack_name": "needs-nova", "template": {"heat_template_version": "2018-08-31", "resources": {"x": {"type": "OS::Nova::Server", "properties": {"image": "i", "flavor": "f"}}}}}), f"{H}/stacks"])
    req("S", "update (PUT), default Accept", [*auth(token), "-X", "PUT", *jb({"template": tmpl, "parameters": {"n": 12}}), S])
    print(f"Update finished as {wait_stack(o, token, S, ('UPDATE_COMPLETE',))}.")
    req("S", "update (PUT), Accept: application/json", [*auth(token), *ajson, "-X", "PUT", *jb({"template": tmpl, "parameters": {"n": 14}}), S])
    print(f"Update finished as {wait_stack(o, token, S, ('UPDATE_COMPLETE',))}.")
    req("S", "update (PATCH, existing template)", [*auth(token), *ajson, "-X", "PATCH", *jb({"parameters": {"n": 16}}), S])
    print(f"Update finished as {wait_stack(o, token, S, ('UPDATE_COMPLETE',))}.")
    req("S", "show after updates", [*auth(token), S], limit=1500)
    req("S", "update an unknown stack id", [*auth(token), *ajson, "-X", "PUT", *jb({"template": tmpl}), f"{H}/stacks/observed/00000000-0000-0000-0000-000000000000"])
    req("S", "action check", [*auth(token), *jb({"check": None}), f"{S}/actions"])
    print(f"Check finished as {wait_stack(o, token, S, ('CHECK_COMPLETE',))}.")
    req("S", "resources after check", [*auth(token), f"{S}/resources"], limit=1500)
    req("S", "action cancel_update on a complete stack", [*auth(token), *jb({"cancel_update": None}), f"{S}/actions"])
    req("S", "action with two keys", [*auth(token), *jb({"check": None, "suspend": None}), f"{S}/actions"])
    req("S", "action unknown", [*auth(token), *jb({"explode": None}), f"{S}/actions"])
    req("S", "mark unhealthy", [*auth(token), "-X", "PATCH", *jb({"mark_unhealthy": True, "resource_status_reason": "observed"}), f"{S}/resources/none"])
    req("S", "resource after mark unhealthy", [*auth(token), f"{S}/resources/none"], limit=1200)
    req("S", "mark unhealthy false", [*auth(token), "-X", "PATCH", *jb({"mark_unhealthy": False}), f"{S}/resources/none"])
    req("S", "mark unhealthy with a string", [*auth(token), "-X", "PATCH", *jb({"mark_unhealthy": "yes"}), f"{S}/resources/none"])
    req("S", "mark unhealthy without the key", [*auth(token), "-X", "PATCH", *jb({"resource_status_reason": "x"}), f"{S}/resources/none"])
    # cancel_update while an update runs: a TestResource that waits on update.
    slow = {"heat_template_version": "2018-08-31", "parameters": {"v": {"type": "string", "default": "a"}},
            "resources": {"slow": {"type": "OS::Heat::TestResource",
                                   "properties": {"value": {"get_param": "v"}, "action_wait_secs": {"update": 20}}}}}
    _, _, made2 = req("S", "create a stack with OS::Heat::TestResource (update waits 20 s)", [*auth(token), *jb({"stack_name": "slow", "template": slow}), f"{H}/stacks"])
    sid2 = made2["stack"]["id"] if made2 and "stack" in made2 else "missing"
    S2 = f"{H}/stacks/slow/{sid2}"
    print(f"Create finished as {wait_stack(o, token, S2, ('CREATE_COMPLETE',))}.")
    req("S", "update it (v=b)", [*auth(token), *ajson, "-X", "PATCH", *jb({"parameters": {"v": "b"}}), S2])
    time.sleep(2)
    req("S", "cancel_update while UPDATE_IN_PROGRESS", [*auth(token), *jb({"cancel_update": None}), f"{S2}/actions"])
    print(f"After cancel: {wait_stack(o, token, S2, ('ROLLBACK_COMPLETE', 'UPDATE_FAILED'), 60)}.")
    req("S", "show after cancel_update", [*auth(token), S2], limit=1200)
    req("S", "resource_types", [*auth(token), f"{H}/resource_types"], limit=6000)
    req("S", "resource_types name=OS::Heat::.*Config", [*auth(token), f"{H}/resource_types?name=OS::Heat::.*Config"])
    req("S", "resource_types with_description=true name=OS::Heat::None", [*auth(token), f"{H}/resource_types?with_description=true&name=OS::Heat::None$"])
    req("S", "resource_types support_status=bogus", [*auth(token), f"{H}/resource_types?support_status=bogus"])
    req("S", "resource type OS::Heat::RandomString", [*auth(token), f"{H}/resource_types/OS::Heat::RandomString"], limit=5000)
    req("S", "resource type unknown", [*auth(token), f"{H}/resource_types/OS::Nope::Thing"])
    req("S", "resource type OS::Nova::Server (no Nova in the catalog)", [*auth(token), f"{H}/resource_types/OS::Nova::Server"])
    req("S", "resource type template OS::Heat::None", [*auth(token), f"{H}/resource_types/OS::Heat::None/template"])
    req("S", "resource type template template_type=hot", [*auth(token), f"{H}/resource_types/OS::Heat::RandomString/template?template_type=hot"], limit=3000)
    req("S", "resource type template template_type=bogus", [*auth(token), f"{H}/resource_types/OS::Heat::None/template?template_type=bogus"])
    req("S", "resource type template of an unknown type", [*auth(token), f"{H}/resource_types/OS::Nope::Thing/template"])
    D = f"{H}/software_deployments"
    req("S", "metadata of the configured server (seeded deployment)", [*auth(token), f"{D}/metadata/{o.SEED['server_id']}"])
    req("S", "metadata of an unknown server", [*auth(token), f"{D}/metadata/no-such-server"])
    _, _, conf = req("S", "software config create (minimal)", [*auth(token), *jb({"name": "observed-config"}), f"{H}/software_configs"])
    cfg_id = conf["software_config"]["id"] if conf and "software_config" in conf else "missing"
    _, _, dep = req("S", "deployment on it", [*auth(token), *jb({"config_id": cfg_id, "server_id": "observed-server"}), D])
    req("S", "delete the referenced config", [*auth(token), "-X", "DELETE", f"{H}/software_configs/{cfg_id}"])
    if dep and "software_deployment" in dep:
        req("S", "delete the deployment", [*auth(token), "-X", "DELETE", f"{D}/{dep['software_deployment']['id']}"])
    req("S", "delete the config now", [*auth(token), "-X", "DELETE", f"{H}/software_configs/{cfg_id}"])
    req("S", "delete it again", [*auth(token), "-X", "DELETE", f"{H}/software_configs/{cfg_id}"])
    req("S", "delete stack", [*auth(token), "-X", "DELETE", S])
    print(f"Delete finished as {wait_stack(o, token, S, ('DELETE_COMPLETE',))}.")
    req("S", "show by name/id after delete", [*auth(token), S], limit=1200)
    req("S", "lookup by name after delete", [*auth(token), f"{H}/stacks/observed"])
    req("S", "delete again", [*auth(token), "-X", "DELETE", S])
    req("S", "delete an unknown stack", [*auth(token), "-X", "DELETE", f"{H}/stacks/observed/00000000-0000-0000-0000-000000000000"])
    o.curl([*auth(token), "-X", "DELETE", S2])
    wait_stack(o, token, S2, ("DELETE_COMPLETE",))
