#!/usr/bin/env python3
"""Regenerate the EMBEDDED list in server/stack/src/layout.rs from the files in stack/.
Run after adding or removing a file in stack/ (it formats layout.rs with rustfmt)."""
import os
import re
import subprocess

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
stack = os.path.join(ROOT, "stack")
# never build an overlay's real secrets (*-secrets.env, kept out of git) into the binary
files = sorted(os.path.relpath(os.path.join(d, f), stack).replace(os.sep, "/")
               for d, _, fs in os.walk(stack) for f in fs if not f.endswith("-secrets.env"))
entries = "".join(
    f'    ("{f}", include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../stack/{f}"))),\n' for f in files)
block = "pub const EMBEDDED: &[(&str, &str)] = &[\n" + entries + "];"
path = os.path.join(ROOT, "server", "stack", "src", "layout.rs")
text = open(path).read()
text = re.sub(r"pub const EMBEDDED: &\[\(&str, &str\)\] = &\[.*?\n\];", lambda _: block, text, flags=re.S)
open(path, "w").write(text)
subprocess.run(["rustfmt", "--edition", "2021", path], check=True)
print(f"{len(files)} files")
