"""Seeds what the services create through their own APIs: Glance images (data uploaded to the file
store), Heat stacks of resources heat-engine completes alone, and a software deployment on the
configured server id (so the server's metadata is not empty).

Environment: KS_URL, HEAT_URL, GLANCE_URL, DEMO_PASSWORD, ADMIN_PASSWORD, SERVER_ID,
CONFIG_ID (a demo software config). Prints JSON {"images": [...], "stacks": [...], "deployments": [...]}.
Every wait is bounded.
"""
import json
import os
import time
import urllib.request

from http_json import call, expect, password_token

IMAGE_DATA = bytes(range(256)) * 4  # 1 KiB of raw disk

STACK_TEMPLATE = {
    "heat_template_version": "2018-08-31",
    "description": "seeded stack: resources heat-engine completes without other services",
    "parameters": {"length": {"type": "number", "default": 12, "description": "secret length"}},
    "resources": {
        "marker": {"type": "OS::Heat::None", "properties": {"anything": "seed"}},
        "secret": {"type": "OS::Heat::RandomString",
                   "properties": {"length": {"get_param": "length"}}},
        "config": {"type": "OS::Heat::SoftwareConfig",
                   "properties": {"group": "script", "config": "#!/bin/sh\necho seeded\n"}},
    },
    "outputs": {"secret_length": {"value": {"get_param": "length"}},
                "config_id": {"value": {"get_resource": "config"}}},
}
SMALL_TEMPLATE = {
    "heat_template_version": "2018-08-31",
    "resources": {"marker": {"type": "OS::Heat::None"}},
}


def upload(glance, token, image_id):
    req = urllib.request.Request(f"{glance}/v2/images/{image_id}/file", data=IMAGE_DATA, method="PUT",
                                 headers={"X-Auth-Token": token,
                                          "Content-Type": "application/octet-stream"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        if resp.status != 204:
            raise SystemExit(f"upload image {image_id}: HTTP {resp.status}")


def image(glance, token, body, data):
    status, _, parsed = call("POST", f"{glance}/v2/images", body, token=token)
    expect(status, (201,), f"create image {body.get('name')}", parsed)
    if data:
        upload(glance, token, parsed["id"])
    status, _, shown = call("GET", f"{glance}/v2/images/{parsed['id']}", token=token)
    expect(status, (200,), "show image", shown)
    return {"id": shown["id"], "name": shown["name"], "status": shown["status"],
            "visibility": shown["visibility"], "owner": shown["owner"]}


def stack(heat, token, project, name, template, params=None):
    body = {"stack_name": name, "template": template, "parameters": params or {},
            "timeout_mins": 10, "tags": "seed,conformance"}
    status, _, parsed = call("POST", f"{heat}/v1/{project}/stacks", body, token=token)
    expect(status, (201,), f"create stack {name}", parsed)
    sid = parsed["stack"]["id"]
    deadline = time.time() + 90
    while True:
        status, _, shown = call("GET", f"{heat}/v1/{project}/stacks/{name}/{sid}", token=token)
        expect(status, (200,), f"show stack {name}", shown)
        state = shown["stack"]["stack_status"]
        if state == "CREATE_COMPLETE":
            return {"id": sid, "name": name, "status": state}
        if not state.endswith("IN_PROGRESS") or time.time() > deadline:
            raise SystemExit(f"stack {name}: {state} {shown['stack'].get('stack_status_reason')}")
        time.sleep(0.5)


def main():
    ks, heat, glance = os.environ["KS_URL"], os.environ["HEAT_URL"], os.environ["GLANCE_URL"]
    token, body = password_token(ks, "demo", os.environ["DEMO_PASSWORD"], "demo")
    project = body["token"]["project"]["id"]
    admin, _ = password_token(ks, "admin", os.environ["ADMIN_PASSWORD"], "admin")
    images = [
        image(glance, token, {"name": "seed-image-active", "disk_format": "raw",
                              "container_format": "bare", "min_disk": 1, "min_ram": 0,
                              "tags": ["seed", "conformance"], "os_distro": "debian",
                              "purpose": "conformance"}, True),
        image(glance, token, {"name": "seed-image-private", "disk_format": "qcow2",
                              "container_format": "bare", "visibility": "private",
                              "tags": ["seed"]}, False),
        image(glance, admin, {"name": "seed-image-public", "disk_format": "raw",
                              "container_format": "bare", "visibility": "public"}, True),
    ]
    stacks = [stack(heat, token, project, "seed-stack", STACK_TEMPLATE, {"length": 16}),
              stack(heat, token, project, "seed-stack-small", SMALL_TEMPLATE)]
    status, _, parsed = call("POST", f"{heat}/v1/{project}/software_deployments", {
        "config_id": os.environ["CONFIG_ID"], "server_id": os.environ["SERVER_ID"],
        "action": "CREATE", "status": "COMPLETE", "status_reason": "seeded",
        "input_values": {"greeting": "hello"}}, token=token)
    expect(status, (200,), "create software deployment", parsed)
    deployments = [{"id": parsed["software_deployment"]["id"], "server_id": os.environ["SERVER_ID"]}]
    print(json.dumps({"images": images, "stacks": stacks, "deployments": deployments}))


if __name__ == "__main__":
    main()
