#!/usr/bin/env python3
"""Runs `altinn-ls check` on the extracted real apps and compares every error with the
verdicts in verdicts.tsv (one line per app, file and code: count, true/false, reason).

Usage: python3 tests/realapps/compare.py [APPS_DIR] [BINARY]
  APPS_DIR  where extract.sh put the apps (default /work/realapps)
  BINARY    the altinn-ls to run (default target/debug/altinn-ls)

Prints, per app, the errors judged false that are still reported, errors without a verdict,
and errors judged true that are no longer reported; then the totals. Exit code 1 when an
error judged false is still reported or an error has no verdict. Apps that are not extracted
are listed as skipped (the mirrors are not on every machine: never counted as passed).
"""
import collections
import csv
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def read_tsv(name):
    with open(os.path.join(HERE, name), newline="", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]
    return rows[0], rows[1:]


def main():
    apps_dir = sys.argv[1] if len(sys.argv) > 1 else "/work/realapps"
    binary = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "target/debug/altinn-ls")
    _, apps = read_tsv("apps.tsv")
    _, verdicts = read_tsv("verdicts.tsv")
    judged = {}
    for app, file, code, count, verdict, reason in (v[:6] for v in verdicts):
        judged[(app, file, code)] = (int(count), verdict, reason)

    totals = collections.Counter()
    skipped = []
    bad = False
    for row in apps:
        name = row[0]
        d = os.path.join(apps_dir, name)
        if not os.path.isdir(d):
            skipped.append(name)
            continue
        out = subprocess.run([binary, "check", "--format", "json", d], capture_output=True, text=True)
        try:
            report = json.loads(out.stdout)
        except json.JSONDecodeError:
            print(f"{name}: check printed no JSON (exit {out.returncode}): {out.stderr.strip()[:300]}")
            bad = True
            continue
        got = collections.Counter()
        for diag in report.get("diagnostics", []):
            if diag.get("severity") == "error":
                got[(name, diag["file"], diag["code"])] += 1
                totals["errors"] += 1
            elif diag.get("severity") == "warning":
                totals["warnings"] += 1
        lines = []
        for key, n in sorted(got.items()):
            v = judged.get(key)
            if v is None:
                lines.append(f"  NEW      {key[1]} {key[2]} x{n} (no verdict)")
                totals["unjudged"] += n
                bad = True
            elif v[1] == "false":
                lines.append(f"  FALSE    {key[1]} {key[2]} x{n}: {v[2]}")
                totals["false"] += n
                bad = True
            else:
                totals["true"] += n
                if n != v[0]:
                    lines.append(f"  COUNT    {key[1]} {key[2]} x{n} (judged x{v[0]})")
        for key, v in sorted(judged.items()):
            if key[0] == name and key not in got and v[1] == "true":
                lines.append(f"  GONE     {key[1]} {key[2]} x{v[0]} (judged true: {v[2]})")
                totals["true_gone"] += v[0]
        print(f"{name}: {sum(got.values())} errors" + ("" if lines else ", all judged true"))
        for l in lines:
            print(l)
    if skipped:
        print(f"skipped (not extracted in {apps_dir}; run extract.sh): {', '.join(skipped)}")
    print(
        f"\napps: {len(apps) - len(skipped)} checked, {len(skipped)} skipped; errors: {totals['errors']} "
        f"({totals['true']} judged true, {totals['false']} judged false, {totals['unjudged']} without verdict); "
        f"true errors no longer reported: {totals['true_gone']}; warnings: {totals['warnings']}"
    )
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
