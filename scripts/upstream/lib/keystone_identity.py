"""Creates the service users, the demo and alt projects/users and their roles via Keystone v3.

Environment: KS_URL (http://127.0.0.1:PORT), ADMIN_PASSWORD, SERVICE_PASSWORD,
DEMO_PASSWORD, ALT_PASSWORD. Prints a JSON object of the ids it ensured. Idempotent.
"""
import json
import os

from http_json import call, expect, password_token

DOMAIN = "default"


def find(token, base, collection, name):
    status, _, body = call("GET", f"{base}/v3/{collection}?name={name}", token=token)
    expect(status, (200,), f"list {collection}", body)
    items = body[collection]
    return items[0]["id"] if items else None


def ensure(token, base, collection, kind, name, extra):
    found = find(token, base, collection, name)
    if found:
        return found
    status, _, body = call("POST", f"{base}/v3/{collection}", {kind: {"name": name, **extra}},
                           token=token)
    if status == 409:
        return find(token, base, collection, name)
    expect(status, (201,), f"create {kind} {name}", body)
    return body[kind]["id"]


def grant(token, base, project_id, user_id, role_id):
    url = f"{base}/v3/projects/{project_id}/users/{user_id}/roles/{role_id}"
    status, _, body = call("PUT", url, token=token)
    expect(status, (204,), f"grant role {role_id}", body)


def main():
    base = os.environ["KS_URL"]
    token, _ = password_token(base, "admin", os.environ["ADMIN_PASSWORD"], "admin")
    roles = {name: ensure(token, base, "roles", "role", name, {})
             for name in ("admin", "member", "reader", "service",
                          "heat_stack_owner", "heat_stack_user")}
    ids = {"roles": roles, "users": {}, "projects": {}}
    service = ensure(token, base, "projects", "project", "service", {"domain_id": DOMAIN})
    ids["projects"]["service"] = service
    for user in ("cinder", "heat", "glance"):
        uid = ensure(token, base, "users", "user", user,
                     {"domain_id": DOMAIN, "password": os.environ["SERVICE_PASSWORD"]})
        ids["users"][user] = uid
        # keystonemiddleware validates user tokens with this identity.
        for role in ("admin", "service"):
            grant(token, base, service, uid, roles[role])
    for name, env in (("demo", "DEMO_PASSWORD"), ("alt", "ALT_PASSWORD")):
        pid = ensure(token, base, "projects", "project", name, {"domain_id": DOMAIN})
        uid = ensure(token, base, "users", "user", name,
                     {"domain_id": DOMAIN, "password": os.environ[env],
                      "default_project_id": pid})
        for role in ("member", "reader", "heat_stack_owner"):
            grant(token, base, pid, uid, roles[role])
        ids["projects"][name] = pid
        ids["users"][name] = uid
    admin_pid = find(token, base, "projects", "admin")
    ids["projects"]["admin"] = admin_pid
    ids["users"]["admin"] = find(token, base, "users", "admin")
    print(json.dumps(ids))


if __name__ == "__main__":
    main()
