#!/usr/bin/env python3
"""Routing test: real NGINX (rendered from stack/nginx/templates) in front of stand-in
upstreams (upstream.py). Prints PASS/FAIL lines; exit code = number of failures.

usage: routing_test.py NGINX_ADDR STUDIO_HOST RUNTIME_HOST
"""
import base64
import hashlib
import http.client
import json
import os
import socket
import sys

ADDR, STUDIO, RUNTIME = sys.argv[1], sys.argv[2], sys.argv[3]
HOST, PORT = ADDR.rsplit(":", 1)
PORT = int(PORT)
failures = 0


def report(ok, name, why=""):
    global failures
    if ok:
        print(f"PASS {name}")
    else:
        failures += 1
        print(f"FAIL {name}: {why}")


def request(method, host, path, body=None, headers=None, chunked=False):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
    h = {"Host": host}
    h.update(headers or {})
    if chunked:
        conn.putrequest(method, path, skip_host=True)
        for k, v in h.items():
            conn.putheader(k, v)
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        view = memoryview(body)
        for i in range(0, len(view), 1 << 20):
            piece = view[i:i + (1 << 20)]
            conn.send(b"%x\r\n" % len(piece) + piece.tobytes() + b"\r\n")
        conn.send(b"0\r\n\r\n")
    else:
        conn.request(method, path, body=body, headers=h)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, data, dict((k.lower(), v) for k, v in resp.getheaders())


def routed(name, host, path, upstream, want_path=None, headers=None):
    try:
        status, data, _ = request("GET", host, path, headers=headers)
        info = json.loads(data)
    except Exception as e:  # noqa: BLE001
        report(False, name, f"no JSON answer ({e})")
        return None
    ok = status == 200 and info.get("upstream") == upstream
    why = f"status {status}, upstream {info.get('upstream')!r} (want {upstream!r})"
    if ok and want_path is not None and info.get("path") != want_path:
        ok, why = False, f"upstream saw path {info.get('path')!r}, want {want_path!r}"
    report(ok, name, why)
    return info


# ---- Designer host
routed("studio / -> designer", STUDIO, "/", "designer", "/")
routed("studio /designer/ -> designer", STUDIO, "/designer/ttd/app?x=1", "designer", "/designer/ttd/app?x=1")
routed("studio /designerapi/ -> designer", STUDIO, "/designerapi/User/Current", "designer", "/designerapi/User/Current")
routed("studio /login -> designer", STUDIO, "/login", "designer", "/login")
routed("studio /dashboard -> designer", STUDIO, "/dashboard", "designer", "/dashboard")
routed("studio /hubs/ (plain GET) -> designer", STUDIO, "/hubs/sync/negotiate", "designer", "/hubs/sync/negotiate")
info = routed("studio /repos/ -> gitea, prefix stripped", STUDIO, "/repos/ttd/app.git/info/refs?service=git-upload-pack",
              "gitea", "/ttd/app.git/info/refs?service=git-upload-pack")
if info:
    h = info["headers"]
    report(h.get("x-forwarded-proto") == "http" and h.get("host", "").startswith(STUDIO) and h.get("x-real-ip") == "127.0.0.1",
           "gitea gets Host, X-Forwarded-Proto, X-Real-IP", json.dumps(h))
routed("studio /repos/ keeps escaped %2F", STUDIO, "/repos/api/v1/repos/ttd/app/contents/a%2Fb.json?ref=main",
       "gitea", "/api/v1/repos/ttd/app/contents/a%2Fb.json?ref=main")
routed("studio /repos/api/healthz -> gitea /api/healthz", STUDIO, "/repos/api/healthz", "gitea", "/api/healthz")
info = routed("X-WEBAUTH-* from clients never reach gitea", STUDIO, "/repos/user/settings", "gitea", "/user/settings",
              headers={"X-WEBAUTH-USER": "admin", "X-WEBAUTH-FULLNAME": "Mallory", "X-WEBAUTH-EMAIL": "m@x"})
if info:
    leaked = [k for k in info["headers"] if k.startswith("x-webauth")]
    report(not leaked, "X-WEBAUTH headers stripped", f"upstream saw {leaked}")
status, data, headers = request("GET", STUDIO, "/repos")
report(status == 301 and headers.get("location", "").endswith("/repos/"), "/repos redirects to /repos/", f"{status} {headers.get('location')}")
status, data, _ = request("GET", STUDIO, "/healthz")
report(status == 200 and data.strip() == b"ok", "studio /healthz answered by nginx", f"{status} {data!r}")
status, data, _ = request("GET", "studio-unknown.example", "/designer/")
try:
    report(status == 200 and json.loads(data)["upstream"] == "designer", "unknown Host falls back to the Designer host", f"{status}")
except Exception as e:  # noqa: BLE001
    report(False, "unknown Host falls back to the Designer host", str(e))
# ---- hardening (issue 15): Gitea's internal API never through us, in any spelling; no
# version in Server; security headers; HSTS only when the request came over TLS
for path in ("/repos/api/internal/serv/command/1/ttd/app", "/repos/api/%69nternal/hook/pre-receive/ttd/app",
             "/repos//api/internal/ssh/authorized_keys", "/repos/api/v1/../internal/manager/shutdown"):
    status, data, _ = request("GET", STUDIO, path)
    report(status == 403 and b"upstream" not in data, f"studio {path} refused (403), never forwarded to gitea", f"{status} {data[:120]!r}")
status, _, h = request("GET", STUDIO, "/repos/api/healthz")
report(h.get("server") == "nginx", "Server header without the version", h.get("server"))
report(h.get("x-content-type-options") == "nosniff" and "referrer-policy" in h, "security headers on the Studio host", json.dumps(h))
report("strict-transport-security" not in h, "no HSTS over plain HTTP")
status, _, h = request("GET", STUDIO, "/", headers={"X-Forwarded-Proto": "https"})
report(h.get("strict-transport-security", "").startswith("max-age="), "HSTS when TLS was terminated in front", json.dumps(h))
status, _, h = request("GET", RUNTIME, "/healthz")
report(h.get("x-content-type-options") == "nosniff", "security headers on the runtime host", json.dumps(h))
routed("studio /oidc/ -> oidc mock (path kept)", STUDIO, "/oidc/.well-known/openid-configuration", "oidc",
       "/oidc/.well-known/openid-configuration")

# ---- large bodies (git push)
size = int(os.environ.get("PUSH_MB", "64")) * 1024 * 1024
body = os.urandom(1024 * 1024) * (size // (1024 * 1024))
digest = hashlib.sha256(body).hexdigest()
for chunked in (False, True):
    label = "chunked" if chunked else "content-length"
    try:
        status, data, _ = request("POST", STUDIO, "/repos/ttd/app.git/git-receive-pack", body=body,
                                  headers={"Content-Type": "application/x-git-receive-pack-request"}, chunked=chunked)
        info = json.loads(data)
        report(status == 200 and info["upstream"] == "gitea" and info["body_bytes"] == size and info["body_sha256"] == digest,
               f"{size >> 20} MB git push ({label}) reaches gitea intact", f"{status} {str(data[:200])}")
    except Exception as e:  # noqa: BLE001
        report(False, f"{size >> 20} MB git push ({label}) reaches gitea intact", str(e))
# the same body outside /repos/ is refused (50m / 100m limits)
try:
    status, _, _ = request("POST", STUDIO, "/designerapi/upload", body=b"x" * (60 << 20))
    report(status == 413, "60 MB to the Designer API is refused (413)", f"status {status}")
except Exception as e:  # noqa: BLE001
    report(False, "60 MB to the Designer API is refused (413)", str(e))


# ---- websocket upgrade through /hubs/
def websocket(host, path, message):
    s = socket.create_connection((HOST, PORT), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(1)
        if not chunk:
            break
        head += chunk
    status_line = head.split(b"\r\n")[0].decode()
    expect = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
    if " 101 " not in status_line + " " or expect.encode() not in head:
        s.close()
        return status_line, None
    data = message.encode()
    mask = os.urandom(4)
    frame = bytes([0x81, 0x80 | len(data)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data))
    s.sendall(frame)
    hdr = s.recv(2)
    n = hdr[1] & 0x7F
    payload = b""
    while len(payload) < n:
        payload += s.recv(n - len(payload))
    s.close()
    return status_line, payload.decode()


try:
    line, echo = websocket(STUDIO, "/hubs/sync?id=abc", "hello")
    report(echo == "designer:hello", "websocket upgrade on /hubs/sync reaches the Designer and echoes", f"{line} {echo!r}")
except Exception as e:  # noqa: BLE001
    report(False, "websocket upgrade on /hubs/sync reaches the Designer and echoes", str(e))

# ---- Runtime host
routed("runtime / -> localtest /Home/", RUNTIME, "/", "runtime", "/Home/")
routed("runtime /Home/ -> localtest", RUNTIME, "/Home/Index", "runtime", "/Home/Index")
routed("runtime /Home/_framework/ -> localtest /_framework/", RUNTIME, "/Home/_framework/x.js", "runtime", "/_framework/x.js")
routed("runtime /storage/ -> localtest", RUNTIME, "/storage/api/v1/instances", "runtime", "/storage/api/v1/instances")
routed("runtime /localtestresources/ -> localtest", RUNTIME, "/localtestresources/x", "runtime", "/localtestresources/x")
routed("runtime /LocalPlatformStorage/ -> localtest", RUNTIME, "/LocalPlatformStorage/x", "runtime", "/LocalPlatformStorage/x")
status, data, _ = request("GET", RUNTIME, "/ttd/app/")
if os.environ.get("APP_RUNNING") == "1":
    try:
        info = json.loads(data)
        report(status == 200 and info["upstream"] == "app" and info["path"] == "/ttd/app/", "runtime /ttd/app/ -> the app", f"{status} {data[:120]!r}")
    except Exception as e:  # noqa: BLE001
        report(False, "runtime /ttd/app/ -> the app", str(e))
else:
    report(status == 502 and b"altinn-ls run" in data, "runtime /ttd/app/ without an app: 502 with the fix", f"{status} {data[:120]!r}")
status, data, _ = request("GET", RUNTIME, "/repos/ttd/app.git/info/refs")
report(status == 502 or (status == 200 and json.loads(data).get("upstream") == "app"),
       "runtime host does not expose Gitea (/repos/ belongs to the app)", f"{status}")
routed("runtime keeps the query string", RUNTIME, "/Home/?a=1&b=2", "runtime", "/Home/?a=1&b=2")

# ---- PDF service, receipt, access management (as Altinn's localtest routes them)
routed("runtime /pdfservice/ -> the PDF service, prefix stripped", RUNTIME, "/pdfservice/pdf?x=1", "pdf", "/pdf?x=1")
routed("runtime /receipt/ -> the receipt frontend (path kept)", RUNTIME, "/receipt/512345/abc", "receipt", "/receipt/512345/abc")
routed("runtime /accessmanagement/api/ -> localtest", RUNTIME, "/accessmanagement/api/v1/x", "runtime", "/accessmanagement/api/v1/x")
status, data, _ = request("GET", RUNTIME, "/accessmanagement/ui/given-api-delegations/overview")
report(status == 502 and b"port 5117" in data, "runtime /accessmanagement/ without its frontend: 502 that says where it is expected", f"{status} {data[:120]!r}")

# ---- the frontendVersion cookie: the app page loads the frontend from the cookie's URL
if os.environ.get("APP_RUNNING") == "1":
    def page(cookie=None):
        h = {"Accept-Encoding": "gzip"}
        if cookie:
            h["Cookie"] = cookie
        status, data, _ = request("GET", RUNTIME, "/ttd/app/?html=1", headers=h)
        return status, data.decode("utf-8", "replace")
    status, text = page()
    report(status == 200 and 'src="https://altinncdn.no/toolkits/altinn-app-frontend/4/altinn-app-frontend.js"' in text
           and 'content="gzip"' in text, "no frontendVersion cookie: the app page is untouched", text[:300])
    for cookie, base in [("frontendVersion=http%3A%2F%2Flocalhost%3A8080%2F", "http://localhost:8080/"),
                         ("other=1; frontendVersion=http://localhost:8080", "http://localhost:8080/"),
                         ("frontendVersion=https%3A%2F%2Faltinncdn.no%2Ftoolkits%2Faltinn-app-frontend%2F4.9.6%2F",
                          "https://altinncdn.no/toolkits/altinn-app-frontend/4.9.6/")]:
        status, text = page(cookie)
        ok = (status == 200 and f'src="{base}altinn-app-frontend.js?' in text and f'href="{base}altinn-app-frontend.css?' in text
              and "altinncdn.no/toolkits/altinn-app-frontend/4/altinn-app-frontend" not in text.replace("?cdn=", "")
              and 'content=""' in text)
        report(ok, f"frontendVersion cookie {cookie!r}: js and css from {base}, uncompressed from the app", text[:400])

sys.exit(failures)
