"""Bounded JSON-over-HTTP calls for the setup helpers; loopback only, no secrets in messages."""
import json
import time
import urllib.error
import urllib.request

TIMEOUT = 20


def call(method, url, body=None, token=None, headers=None, retries=8):
    """Returns (status, headers, parsed body or None).

    SQLite behind Keystone/Heat answers 500 "database is locked" now and then under
    concurrent writes, so 500 and 503 are retried a few times before giving up.
    """
    if not url.startswith("http://127.0.0.1:"):
        raise SystemExit(f"refusing non-loopback URL {url}")
    data = None if body is None else json.dumps(body).encode()
    hdrs = {"Accept": "application/json"}
    if data is not None:
        hdrs["Content-Type"] = "application/json"
    if token:
        hdrs["X-Auth-Token"] = token
    hdrs.update(headers or {})
    for attempt in range(retries):
        req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
                raw = resp.read()
                return resp.status, dict(resp.headers), json.loads(raw) if raw else None
        except urllib.error.HTTPError as err:
            raw = err.read()
            if err.code in (500, 503) and attempt < retries - 1:
                time.sleep(0.5 * (attempt + 1))
                continue
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = raw.decode(errors="replace")
            return err.code, dict(err.headers), parsed
    raise AssertionError("unreachable")


def expect(status, allowed, what, body):
    if status not in allowed:
        raise SystemExit(f"{what}: HTTP {status}: {json.dumps(body)[:500]}")


def password_token(auth_url, user, password, project, domain="Default"):
    """Project-scoped token for user/project in domain; returns (token, token body)."""
    body = {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": user, "domain": {"name": domain}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"name": domain}}}}}
    status, headers, parsed = call("POST", f"{auth_url}/v3/auth/tokens", body)
    expect(status, (201,), f"token for {user}/{project}", parsed)
    return headers["X-Subject-Token"], parsed
