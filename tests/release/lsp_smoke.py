#!/usr/bin/env python3
"""A language-server run over stdio for a cross-built altinn-ls (under wine or qemu).

  lsp_smoke.py --app APP_DIR [--windows-path WIN_APP_DIR] -- COMMAND...

Opens the demo app's Page1 with a deliberate error, waits for its diagnostics, checks the
error's line, then shuts down. With --windows-path (the app folder as the Windows program sees
it, e.g. Z:\\work\\app) it uses Windows URIs: the workspace folder as VS Code sends it
(file:///z%3A/...), the document as file:///Z:/... with CRLF line ends, and checks that
diagnostics come back under the document's own URI and that the page is in the model once."""
import argparse, json, os, subprocess, sys, threading, time, urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("--app", required=True, help="the app folder on this machine")
ap.add_argument("--windows-path", help="the same folder as a Windows path (wine)")
ap.add_argument("cmd", nargs="+")
a = ap.parse_args()

page_rel = "App/ui/form/layouts/Page1.json"
text = open(os.path.join(a.app, page_rel), encoding="utf-8").read().replace("\r\n", "\n")

def file_uri_posix(p):
    return "file://" + urllib.parse.quote(p)

if a.windows_path:
    w = a.windows_path.rstrip("\\")
    drive, rest = w[0], w[2:].replace("\\", "/")
    folder_uri = f"file:///{drive.lower()}%3A" + urllib.parse.quote(rest)
    doc_uri = f"file:///{drive.upper()}:" + urllib.parse.quote(rest + "/" + page_rel)
    text = text.replace("\n", "\r\n")
    nl = "\r\n"
else:
    folder_uri = file_uri_posix(os.path.abspath(a.app))
    doc_uri = file_uri_posix(os.path.abspath(os.path.join(a.app, page_rel)))
    nl = "\n"

# The deliberate error: an unknown component type on a line of its own.
marker = '"type": "NoSuchComponentType"'
lines = text.split(nl)
idx = next(i for i, l in enumerate(lines) if '"type"' in l)
import re
lines[idx] = re.sub(r'"type"\s*:\s*"[^"]*"', marker, lines[idx], count=1)
text = nl.join(lines)

p = subprocess.Popen(a.cmd + ["lsp", "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
msgs, lock = [], threading.Lock()

def reader():
    f = p.stdout
    while True:
        length = None
        while True:
            line = f.readline()
            if not line:
                return
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        body = f.read(length)
        with lock:
            msgs.append(json.loads(body))

threading.Thread(target=reader, daemon=True).start()

def send(m):
    b = json.dumps(m).encode()
    p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
    p.stdin.flush()

def wait(pred, what, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        with lock:
            for m in msgs:
                if pred(m):
                    return m
        if p.poll() is not None:
            sys.exit(f"lsp_smoke: server exited ({p.returncode}) while waiting for {what}")
        time.sleep(0.1)
    sys.exit(f"lsp_smoke: timed out waiting for {what}")

send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "processId": None, "rootUri": None, "capabilities": {},
    "workspaceFolders": [{"uri": folder_uri, "name": "app"}],
    "initializationOptions": {"settings": {"debounceMs": 0}}}})
wait(lambda m: m.get("id") == 1, "initialize")
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": doc_uri, "languageId": "json", "version": 1, "text": text}}})

def has_error(m):
    if m.get("method") != "textDocument/publishDiagnostics" or m["params"]["uri"] != doc_uri:
        return False
    return any("NoSuchComponentType" in d["message"] for d in m["params"]["diagnostics"])

m = wait(has_error, f"diagnostics for {doc_uri}")
d = next(d for d in m["params"]["diagnostics"] if "NoSuchComponentType" in d["message"])
assert d["range"]["start"]["line"] == idx, f"error on line {d['range']['start']['line']}, expected {idx}"
with lock:
    other = [x["params"]["uri"] for x in msgs if x.get("method") == "textDocument/publishDiagnostics"
             and x["params"]["uri"] != doc_uri and x["params"]["uri"].lower().replace("%3a", ":").endswith("/layouts/page1.json")
             and x["params"]["diagnostics"]]
assert not other, f"Page1 also published under another URI: {other}"
send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
wait(lambda m: m.get("id") == 2, "shutdown")
send({"jsonrpc": "2.0", "method": "exit", "params": None})
try:
    rc = p.wait(timeout=30)
except subprocess.TimeoutExpired:
    p.kill(); sys.exit("lsp_smoke: server did not exit")
print(f"lsp_smoke: ok ({d['code']} on line {idx} of {doc_uri}; exit {rc})")
sys.exit(0 if rc == 0 else 1)
