#!/usr/bin/env python3
"""Side-by-side table of the median `evaluate` times that gradbench.sh collected:
compare.py <results-dir> <eval>… prints one markdown table per eval with manual, JAX (synced)
and Mixtape, and Mixtape's ratio to each (below 1: Mixtape is faster). With several rounds the
smallest median of each row is kept."""
import json
import os
import sys


def load(out, e, t):
    """Rows of every round of eval `e` on tool `t`, keeping per row the smallest median of the
    rounds (all rounds must be valid for the row to count as valid)."""
    rows = {}
    for name in sorted(os.listdir(out)):
        if not (name.startswith(f"{e}.{t}.") and name.endswith(".json")):
            continue
        with open(os.path.join(out, name)) as f:
            data = json.load(f)
        for r in data["rows"]:
            k = (r["function"], r["description"])
            if k not in rows:
                rows[k] = dict(r)
                continue
            best = rows[k]
            best["valid"] = bool(best.get("valid")) and bool(r.get("valid"))
            best["success"] = bool(best.get("success")) and bool(r.get("success"))
            if r.get("median_ns") is not None and (best.get("median_ns") is None or r["median_ns"] < best["median_ns"]):
                best["median_ns"] = r["median_ns"]
    return rows


def ms(r):
    if r is None:
        return "—"
    if not r.get("success") or r.get("median_ns") is None:
        return "failed"
    mark = "" if r.get("valid") else " (invalid)"
    return f"{r['median_ns'] / 1e6:.3f}{mark}"


def ratio(a, b):
    if a is None or b is None or not a.get("median_ns") or not b.get("median_ns"):
        return "—"
    return f"{a['median_ns'] / b['median_ns']:.2f}"


def main():
    out, evals = sys.argv[1], sys.argv[2:]
    date = open(os.path.join(out, "date.txt")).read().strip() if os.path.exists(os.path.join(out, "date.txt")) else "?"
    print(f"Measured {date}; median `evaluate` time in ms per tool; ratio = Mixtape / peer.\n")
    for e in evals:
        tools = {t: load(out, e, t) for t in ("manual", "jax", "mixtape")}
        keys = list(tools["mixtape"].keys()) or list(tools["manual"].keys())
        if not keys:
            continue
        print(f"### {e}\n")
        print("| function | size | manual | JAX (synced) | Mixtape | ÷ manual | ÷ JAX | valid |")
        print("|---|---|---|---|---|---|---|---|")
        for k in keys:
            m, j, x = (tools[t].get(k) for t in ("manual", "jax", "mixtape"))
            valid = "yes" if x and x.get("valid") else "no"
            print(f"| {k[0]} | {k[1]} | {ms(m)} | {ms(j)} | {ms(x)} | {ratio(x, m)} | {ratio(x, j)} | {valid} |")
        print()


if __name__ == "__main__":
    main()
