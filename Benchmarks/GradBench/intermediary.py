#!/usr/bin/env python3
"""A minimal GradBench intermediary: runs an eval and a tool, forwards every message and
response between them (one JSON object per line), and reports each evaluation's validity (from
the eval's "analysis" messages) and the median of its "evaluate" timings.

It stands in for `gradbench run` (GradBench's Rust CLI) where that cannot be built; it speaks
the same protocol: the eval's stdout goes to the tool's stdin and back.

  intermediary.py --eval "python3 .../evals/gmm/run.py" --tool "mixtape gradbench" [--log out.jsonl]

Exit status: 0 if every evaluation was defined, succeeded and was valid; 1 otherwise.
"""
import argparse
import json
import shlex
import statistics
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", required=True, help="eval command (run in --cwd)")
    parser.add_argument("--tool", required=True, help="tool command")
    parser.add_argument("--cwd", default=None, help="working directory of the eval and the tool")
    parser.add_argument("--log", default=None, help="write every message and response here")
    parser.add_argument("--json", default=None, help="write the per-evaluation summary here")
    args = parser.parse_args()

    ev = subprocess.Popen(shlex.split(args.eval), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          text=True, cwd=args.cwd, bufsize=1)
    tool = subprocess.Popen(shlex.split(args.tool), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, bufsize=1, cwd=args.cwd)
    log = open(args.log, "w") if args.log else None
    start = time.monotonic_ns()
    pending = {}   # evaluate id -> row
    rows = []
    ok = True
    defined = None
    for line in ev.stdout:
        if not line.strip():
            continue
        message = json.loads(line)
        if log:
            log.write(json.dumps({"elapsed": {"nanoseconds": time.monotonic_ns() - start}, "message": message}) + "\n")
        tool.stdin.write(line if line.endswith("\n") else line + "\n")
        tool.stdin.flush()
        reply = tool.stdout.readline()
        if not reply:
            print(f"tool closed its output at message {message.get('id')}", file=sys.stderr)
            ok = False
            break
        response = json.loads(reply)
        if log:
            log.write(json.dumps({"elapsed": {"nanoseconds": time.monotonic_ns() - start}, "response": response}) + "\n")
        if response.get("id") != message.get("id"):
            print(f"response id {response.get('id')} != message id {message.get('id')}", file=sys.stderr)
            ok = False
            break
        kind = message.get("kind")
        if kind == "define":
            defined = response.get("success")
            if not defined:
                ok = False
                print(f"define {message.get('module')}: {response.get('error')}", file=sys.stderr)
        elif kind == "evaluate":
            timings = [t["nanoseconds"] for t in response.get("timings") or [] if t.get("name") == "evaluate"]
            row = {
                "id": message["id"], "module": message.get("module"), "function": message.get("function"),
                "description": message.get("description", ""), "success": response.get("success"),
                "runs": len(timings), "median_ns": statistics.median(timings) if timings else None,
                "valid": None, "error": response.get("error"),
            }
            rows.append(row)
            pending[message["id"]] = row
            if not response.get("success"):
                ok = False
        elif kind == "analysis":
            row = pending.get(message.get("of"))
            if row is not None:
                row["valid"] = message.get("valid")
                if not message.get("valid"):
                    ok = False
                    row["error"] = message.get("error")
        ev.stdin.write(reply if reply.endswith("\n") else reply + "\n")
        ev.stdin.flush()
    ev.stdin.close()
    tool.stdin.close()
    ev.wait()
    tool.wait()
    for r in rows:
        median = "-" if r["median_ns"] is None else f"{r['median_ns'] / 1e6:.4f} ms"
        status = "valid" if r["valid"] else ("INVALID" if r["valid"] is False else ("FAILED" if not r["success"] else "?"))
        print(f"[{r['id']:>3}] {r['module']}::{r['function']:<10} {r['description']:<18} {median:>14}  x{r['runs']:<5} {status}")
        if r["error"] and status != "valid":
            print("      " + str(r["error"]).strip().replace("\n", "\n      ")[:2000])
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"defined": defined, "ok": ok and ev.returncode == 0, "rows": rows}, f, indent=1)
    if ev.returncode != 0:
        print(f"eval exited with status {ev.returncode}", file=sys.stderr)
        ok = False
    sys.exit(0 if ok and defined else 1)


if __name__ == "__main__":
    main()
