"""Creates software configs (what a deployment points at) as the demo and alt users.

Environment: KS_URL, HEAT_URL (http://127.0.0.1:PORT), DEMO_PASSWORD, ALT_PASSWORD.
Prints JSON {"demo": [ids], "alt": [ids]}.
"""
import json
import os

from http_json import call, expect, password_token


def create(heat, token, project, name):
    body = {"name": name, "group": "script",
            "config": "#!/bin/sh\necho \"deployed ${greeting}\" > ${heat_outputs_path}.result\n",
            "inputs": [{"name": "greeting", "type": "String", "default": "hello"}],
            "outputs": [{"name": "result", "type": "String"}],
            "options": {}}
    status, _, parsed = call("POST", f"{heat}/v1/{project}/software_configs", body, token=token)
    expect(status, (200,), f"create software config {name}", parsed)
    return parsed["software_config"]["id"]


def main():
    ks, heat = os.environ["KS_URL"], os.environ["HEAT_URL"]
    out = {}
    for user, env, count in (("demo", "DEMO_PASSWORD", 2), ("alt", "ALT_PASSWORD", 1)):
        token, body = password_token(ks, user, os.environ[env], user)
        project = body["token"]["project"]["id"]
        out[user] = [create(heat, token, project, f"{user}-config-{i + 1}") for i in range(count)]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
