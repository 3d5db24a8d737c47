#!/usr/bin/env python3
"""Stand-in upstream for the NGINX routing test: answers every request with JSON that names
the upstream and echoes what it received; speaks just enough websocket to echo one frame.

usage: upstream.py NAME PORT        (binds 127.0.0.1 only)
"""
import base64
import hashlib
import json
import socketserver
import struct
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
NAME = sys.argv[1]
PORT = int(sys.argv[2])


def read_exact(f, n):
    data = b""
    while len(data) < n:
        chunk = f.read(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # keep the test output quiet
        pass

    def _body(self):
        total = 0
        digest = hashlib.sha256()
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    break
                chunk = read_exact(self.rfile, size)
                digest.update(chunk)
                total += size
                self.rfile.readline()
        else:
            remaining = int(self.headers.get("Content-Length") or 0)
            while remaining > 0:
                chunk = self.rfile.read(min(remaining, 1 << 20))
                if not chunk:
                    break
                digest.update(chunk)
                total += len(chunk)
                remaining -= len(chunk)
        return total, digest.hexdigest()

    def _answer(self):
        if self.headers.get("Upgrade", "").lower() == "websocket":
            return self._websocket()
        if "html=1" in self.path:
            return self._page()
        length, sha = self._body()
        payload = json.dumps({
            "upstream": NAME,
            "method": self.command,
            "path": self.path,
            "headers": {k.lower(): v for k, v in self.headers.items()},
            "body_bytes": length,
            "body_sha256": sha,
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _page(self):
        # an app's start page as the app templates write it: the frontend from the CDN; the
        # request's Accept-Encoding echoed (NGINX must drop it to rewrite the page)
        page = ("<!DOCTYPE html><html><head>\n"
                '<link rel="stylesheet" type="text/css" href="https://altinncdn.no/toolkits/altinn-app-frontend/4/altinn-app-frontend.css">\n'
                f"<meta name=\"upstream\" content=\"{NAME}\"><meta name=\"accept-encoding\" content=\"{self.headers.get('Accept-Encoding', '')}\">\n"
                "</head><body><div id=\"root\"></div>\n"
                '<script src="https://altinncdn.no/toolkits/altinn-app-frontend/4/altinn-app-frontend.js"></script>\n'
                "</body></html>\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _answer

    def _websocket(self):
        key = self.headers.get("Sec-WebSocket-Key", "")
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        self.send_response(101, "Switching Protocols")
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.wfile.flush()
        # one client frame (masked text), echoed back unmasked with the upstream's name
        head = read_exact(self.rfile, 2)
        length = head[1] & 0x7F
        if length == 126:
            length = struct.unpack(">H", read_exact(self.rfile, 2))[0]
        elif length == 127:
            length = struct.unpack(">Q", read_exact(self.rfile, 8))[0]
        mask = read_exact(self.rfile, 4) if head[1] & 0x80 else b"\0\0\0\0"
        data = bytes(b ^ mask[i % 4] for i, b in enumerate(read_exact(self.rfile, length)))
        reply = (NAME + ":" + data.decode("utf-8", "replace")).encode()
        frame = bytes([0x81])
        frame += bytes([len(reply)]) if len(reply) < 126 else bytes([126]) + struct.pack(">H", len(reply))
        self.wfile.write(frame + reply)
        self.wfile.flush()
        self.close_connection = True


class Server(socketserver.ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    Server(("127.0.0.1", PORT), Handler).serve_forever()
