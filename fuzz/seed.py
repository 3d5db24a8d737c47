#!/usr/bin/env python3
"""Fills fuzz/corpus/<target>/ with seeds from ../shared/altinn/corpus (the real apps), our test
fixtures and the kept regression inputs. Run from anywhere; the corpus folder is gitignored."""
import hashlib
import os
import random
import sys

FUZZ = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(FUZZ)
SHARED = os.path.join(os.path.dirname(REPO), "shared", "altinn", "corpus")
FIXTURES = [os.path.join(REPO, "server", "cli", "tests", "fixtures")]
REGRESSIONS = os.path.join(REPO, "server", "analysis", "tests", "fuzz_regressions")
MAX = 64 * 1024
RULE_HANDLER = b"""var ruleHandlerObject = {
  sum: (obj) => {
    obj.a = +obj.a;
    obj.b = +obj.b;
    return obj.a + obj.b;
  },
  fullName: function (obj) {
    return obj.first + ' ' + obj.last;
  }
}
var ruleHandlerHelper = {
  sum: () => {
    return { a: "a", b: "b" };
  },
  fullName: () => ({ first: "first", last: "last" })
}
var conditionalRuleHandlerObject = {
  biggerThan10: (obj) => {
    obj.number = +obj.number;
    return obj.number > 10;
  }
}
var conditionalRuleHandlerHelper = {
  biggerThan10: () => {
    return { number: "number" };
  }
}
"""


def put(target, data):
    d = os.path.join(FUZZ, "corpus", target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def app_dirs():
    roots = [r for r in [SHARED] + FIXTURES if os.path.isdir(r)]
    if not os.path.isdir(SHARED):
        print("note: ../shared not found, seeding from fixtures only", file=sys.stderr)
    for root in roots:
        for name in sorted(os.listdir(root)):
            app = os.path.join(root, name, "App")
            if os.path.isdir(app):
                yield app


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


def main():
    rng = random.Random(1)
    for app in app_dirs():
        files = []
        for dirpath, _, names in os.walk(app):
            for n in names:
                p = os.path.join(dirpath, n)
                rel = os.path.relpath(p, app).replace(os.sep, "/")
                files.append((rel, p))
        for rel, p in files:
            data = read(p)
            if len(data) > MAX:
                continue
            if rel.endswith(".json"):
                put("json_parse", data)
            elif rel.endswith((".bpmn", ".xml", ".xsd")):
                put("xml_parse", data)
            elif rel.endswith(".js"):
                put("js_parse", data)
        by = dict(files)
        # app_check: the first layout set's files in the target's slot order.
        import json

        set_id, model = "form", "model"
        try:
            sets = json.loads(read(os.path.join(app, "ui", "layout-sets.json")).decode("utf-8-sig"))
            set_id = sets["sets"][0]["id"]
            model = sets["sets"][0].get("dataType", model)
        except Exception:
            pass
        folder = os.path.join(app, "ui", set_id)
        ldir = os.path.join(folder, "layouts")
        # Smallest pages first: small inputs keep the fuzzer fast.
        layouts = sorted(os.listdir(ldir), key=lambda n: os.path.getsize(os.path.join(ldir, n))) if os.path.isdir(ldir) else []
        classic = sorted(os.listdir(os.path.join(app, "ui", "layouts"))) if os.path.isdir(os.path.join(app, "ui", "layouts")) else []
        options = sorted(os.listdir(os.path.join(app, "options"))) if os.path.isdir(os.path.join(app, "options")) else []
        slots = [
            os.path.join(app, "ui", "layout-sets.json"),
            os.path.join(folder, "layouts", layouts[0]) if layouts else "",
            os.path.join(folder, "Settings.json"),
            os.path.join(app, "config", "texts", "resource.nb.json"),
            os.path.join(app, "models", f"{model}.schema.json"),
            os.path.join(app, "config", "process", "process.bpmn"),
            os.path.join(app, "config", "applicationmetadata.json"),
            os.path.join(folder, "RuleConfiguration.json"),
            os.path.join(folder, "RuleHandler.js"),
            os.path.join(folder, "layouts", layouts[1]) if len(layouts) > 1 else "",
            os.path.join(app, "options", options[0]) if options else "",
            os.path.join(app, "config", "authorization", "policy.xml"),
            os.path.join(app, "config", "texts", "resource.en.json"),
            os.path.join(app, "ui", "layouts", classic[0]) if classic else "",
            os.path.join(app, "ui", "Settings.json"),
        ]
        parts = [read(s) if s else b"" for s in slots]
        parts = [p.replace(b"\0", b"") if len(p) <= 24 * 1024 else b"" for p in parts]
        blob = b"\x10\x80\xf0\x33" + b"\0".join(parts)
        if len(blob) <= 4 * MAX:
            put("app_check", blob)
        # incremental: a few files with a couple of small edits each.
        edited = {
            0: os.path.join(folder, "layouts", layouts[0]) if layouts else "",
            1: os.path.join(folder, "Settings.json"),
            2: os.path.join(app, "ui", "layout-sets.json"),
            3: os.path.join(app, "config", "texts", "resource.nb.json"),
            7: os.path.join(app, "config", "process", "process.bpmn"),
            8: os.path.join(folder, "RuleHandler.js"),
        }
        for pick, p in edited.items():
            data = read(p) if p else b""
            if not data or len(data) > MAX:
                continue
            data = data.replace(b"\0", b"")
            edits = b""
            for _ in range(rng.randint(1, 4)):
                start = rng.randrange(len(data) + 1)
                ins = rng.choice([b"", b"x", b"\"", b"{", b"}", b",", b"\"id\": \"a\","])
                edits += bytes([start & 255, start >> 8 & 255, rng.randint(0, 3), len(ins)]) + ins
            put("incremental_edit", bytes([pick]) + data + b"\0" + edits)
    # The corpus has no RuleHandler.js: a typical one written by Altinn Studio.
    put("js_parse", RULE_HANDLER)
    put("js_parse", b"window.conditionalRuleHandlerObject = { show: (obj) => { obj.a = +obj.a; return obj.a > 1; } };")
    if os.path.isdir(REGRESSIONS):
        for name in sorted(os.listdir(REGRESSIONS)):
            target = name.split("-")[0]
            if target in ("json_parse", "xml_parse", "js_parse", "app_check", "incremental_edit"):
                put(target, read(os.path.join(REGRESSIONS, name)))
    for t in ("json_parse", "xml_parse", "js_parse", "app_check", "incremental_edit"):
        d = os.path.join(FUZZ, "corpus", t)
        print(t, len(os.listdir(d)) if os.path.isdir(d) else 0, "seeds")


main()
