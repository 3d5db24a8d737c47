#!/usr/bin/env python3
"""Routing to developers' app instances (stack/nginx/instances) through the real NGINX.

Starts, in this process: a DNS stub (UDP) that resolves <instance>.<DOMAIN> to a loopback
address per instance, and one stand-in instance per developer on that address and the
instance port. NGINX (started by the caller) resolves the instance from the cookie at request
time, as it does with kube-dns in the cluster. Prints PASS/FAIL; exit code = failures.

usage: cluster_routing.py NGINX_ADDR RUNTIME_HOST DOMAIN DNS_PORT INSTANCE_PORT
"""
import http.client
import json
import socket
import socketserver
import struct
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

ADDR, RUNTIME, DOMAIN, DNS_PORT, INST_PORT = sys.argv[1:6]
HOST, PORT = ADDR.rsplit(":", 1)
DNS_PORT, INST_PORT = int(DNS_PORT), int(INST_PORT)
# two developers' instances of the same app, one instance name nobody runs
INSTANCES = {"my-app-ola": "127.0.0.2", "my-app-kari": "127.0.0.3"}
failures = 0


def report(ok, name, why=""):
    global failures
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f": {why}"))
    if not ok:
        failures += 1


def dns_stub(sock):
    while True:
        data, peer = sock.recvfrom(512)
        qid, flags = struct.unpack(">HH", data[:4])
        labels, i = [], 12
        while data[i]:
            labels.append(data[i + 1:i + 1 + data[i]].decode())
            i += 1 + data[i]
        qtype = struct.unpack(">H", data[i + 1:i + 3])[0]
        question = data[12:i + 5]
        name = ".".join(labels).lower()
        inst = name[: -len(DOMAIN) - 1] if name.endswith("." + DOMAIN) else None
        ip = INSTANCES.get(inst)
        if ip and qtype == 1:
            answer = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 5, 4) + socket.inet_aton(ip)
            sock.sendto(struct.pack(">HHHHHH", qid, 0x8180, 1, 1, 0, 0) + question + answer, peer)
        else:
            rcode = 0 if ip else 3  # NXDOMAIN for names nobody runs
            sock.sendto(struct.pack(">HHHHHH", qid, 0x8180 | rcode, 1, 0, 0, 0) + question, peer)


def stand_in(name, ip):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_GET(self):
            body = json.dumps({"upstream": name, "path": self.path,
                               "headers": {k.lower(): v for k, v in self.headers.items()}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(socketserver.ThreadingMixIn, HTTPServer):
        daemon_threads = True
        allow_reuse_address = True

    return Server((ip, INST_PORT), Handler)  # bound here, before any request is made


def get(path, cookie=None):
    conn = http.client.HTTPConnection(HOST, int(PORT), timeout=20)
    headers = {"Host": RUNTIME}
    if cookie is not None:
        headers["Cookie"] = cookie
    conn.request("GET", path, headers=headers)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, data, r.getheader("Location"), r.getheader("Set-Cookie")


def upstream_of(path, cookie=None):
    status, data, _, _ = get(path, cookie)
    try:
        return status, json.loads(data)
    except ValueError:
        return status, {"body": data.decode("utf-8", "replace")}


dns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
dns.bind(("127.0.0.1", DNS_PORT))
threading.Thread(target=dns_stub, args=(dns,), daemon=True).start()
for n, ip in INSTANCES.items():
    threading.Thread(target=stand_in(n, ip).serve_forever, daemon=True).start()

# the landing URL sets the cookie for the app's path only and goes to the app
status, _, loc, cookie = get("/altinn-ls/use/my-app-ola/ttd/my-app/")
report(status == 302 and loc and loc.endswith("/ttd/my-app/"), "landing URL redirects to /ttd/my-app/", f"{status} {loc}")
report(cookie is not None and cookie.startswith("altinn_instance=my-app-ola;") and "Path=/ttd/my-app;" in cookie
       and "HttpOnly" in cookie, "landing URL sets the instance cookie scoped to /ttd/my-app", str(cookie))

# two developers, same app, same URL: each reaches their own instance
for dev in ("ola", "kari"):
    status, info = upstream_of("/ttd/my-app/api/v1/data?x=1", f"altinn_instance=my-app-{dev}")
    report(status == 200 and info.get("upstream") == f"my-app-{dev}",
           f"cookie of {dev} routes /ttd/my-app/ to {dev}'s instance", f"{status} {info}")
    if dev == "ola":
        report(info.get("path") == "/ttd/my-app/api/v1/data?x=1", "the instance sees the unchanged path and query", str(info.get("path")))
        h = info.get("headers", {})
        report(h.get("host", "").startswith(RUNTIME) and h.get("x-forwarded-proto") == "http",
               "the instance gets the runtime Host and X-Forwarded-Proto", json.dumps(h))

# without the cookie: the shared app (runtime-app), as before
status, info = upstream_of("/ttd/my-app/")
report(status == 200 and info.get("upstream") == "app", "no cookie: the shared app (runtime-app)", f"{status} {info}")
status, info = upstream_of("/ttd/my-app/", "other=1; altinn_instance_x=my-app-ola")
report(info.get("upstream") == "app", "other cookies do not route", str(info))

# a cookie that is not a DNS label never becomes a host name
for bad in ("Evil.example.org", "my-app-ola.evil", "..%2f", "a" * 70):
    status, info = upstream_of("/ttd/my-app/", f"altinn_instance={bad}")
    report(info.get("upstream") == "app", f"invalid instance cookie {bad[:20]!r} is ignored", f"{status} {info}")
status, _, _, _ = get("/altinn-ls/use/Evil.org/ttd/my-app/")
report(status != 302, "landing URL refuses a name that is not a DNS label", str(status))

# an instance nobody runs: 502 with what to do
status, data, _, _ = get("/ttd/my-app/", "altinn_instance=my-app-nobody")
report(status == 502 and b"altinn-ls run --target kubernetes" in data and b"my-app-nobody" in data,
       "unknown instance: 502 naming it and the command", f"{status} {data[:200]}")

# leaving clears the cookie
status, _, loc, cookie = get("/altinn-ls/leave/ttd/my-app/")
report(status == 302 and cookie and "Max-Age=0" in cookie and "Path=/ttd/my-app" in cookie,
       "leave URL clears the cookie and returns to the app", f"{status} {cookie}")

# localtest's own paths are untouched without the cookie (the browser never sends it there)
status, info = upstream_of("/Home/")
report(info.get("upstream") == "runtime", "localtest's /Home/ still goes to the runtime", str(info))
sys.exit(failures)
