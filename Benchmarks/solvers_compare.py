#!/usr/bin/env python3
"""Joins the Mixtape (`solvers-bench scipy-compare`) and SciPy (`solvers_peer.py`) runs of
`Benchmarks/run.sh solvers` into `case` lines: per problem and method both sides' iterations (or
steps), evaluations, final value / residual / error and best time, and speedup = SciPy time /
Mixtape time. Usage: solvers_compare.py MIXTAPE_OUTPUT SCIPY_OUTPUT [--markdown]
"""
import sys


def read(path):
    runs = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        kind, problem, method, *pairs = line.split()
        runs[(kind, problem, method)] = dict(p.split("=", 1) for p in pairs)
    return runs


SCIPY_NAME = {("min", "bfgs"): "BFGS", ("min", "lbfgs"): "L-BFGS-B", ("min", "newton"): "Newton-CG",
              ("min", "newton-tr"): "Newton-CG",
              ("root", "newton"): "hybr", ("ode", "radau5"): "Radau", ("ode", "bdf"): "BDF"}


def main():
    ours, peer = read(sys.argv[1]), read(sys.argv[2])
    markdown = "--markdown" in sys.argv
    more_iterations = []
    rows = []
    for (kind, problem, method), m in ours.items():
        peer_method = {"root": "hybr"}.get(kind, "newton" if method == "newton-tr" else method)
        key = (kind, problem, peer_method)
        s = peer.get(key)
        name = f"{kind}_{problem}_{method}"
        if s is None:
            print(f"case {name}: mixtape_s={m['time_s']} (no SciPy run)")
            continue
        speedup = float(s["time_s"]) / float(m["time_s"])
        scipy = SCIPY_NAME[(kind, method)]
        if kind == "min":
            # hevals: Hessians, or Hessian–vector products for newton-tr (SciPy: Hessian calls, or
            # Hessian–vector products where it was given hessp).
            fields = (f"mixtape_iterations={m['iterations']} scipy_iterations={s['iterations']} "
                      f"mixtape_fevals={m['fevals']} scipy_fevals={s['fevals']} mixtape_gevals={m['gevals']} "
                      f"scipy_gevals={s['gevals']} mixtape_hevals={m['hevals']} scipy_hevals={s['hevals']} "
                      f"mixtape_f={m['f']} scipy_f={s['f']} mixtape_gnorm={m['gnorm']} scipy_gnorm={s['gnorm']}")
            if int(m["iterations"]) > int(s["iterations"]):
                more_iterations.append(f"{problem} {method} ({m['iterations']} vs {scipy} {s['iterations']})")
            rows.append((problem, f"{method} / {scipy}", f"{m['iterations']} / {s['iterations']}",
                         f"{m['fevals']} / {s['fevals']}", f"{float(m['f']):.4g} / {float(s['f']):.4g}",
                         m["time_s"], s["time_s"], speedup))
        elif kind == "root":
            fields = (f"mixtape_iterations={m['iterations']} mixtape_fevals={m['fevals']} scipy_fevals={s['fevals']} "
                      f"mixtape_jevals={m['jevals']} scipy_jevals={s['jevals']} mixtape_residual={m['residual']} "
                      f"scipy_residual={s['residual']} mixtape_ok={m['success']} scipy_ok={s['success']}")
            rows.append((problem, f"newton / {scipy}", f"{m['iterations']} / –",
                         f"{m['fevals']}+{m['jevals']}J / {s['fevals']}+{s['jevals']}J",
                         f"{m['residual']} / {s['residual']}", m["time_s"], s["time_s"], speedup))
        else:
            fields = (f"mixtape_steps={m['steps']} scipy_steps={s['steps']} mixtape_fevals={m['fevals']} "
                      f"scipy_fevals={s['fevals']} mixtape_jevals={m['jevals']} scipy_jevals={s['jevals']} "
                      f"mixtape_lu={m['lu']} scipy_lu={s['lu']} mixtape_error={m['error']} scipy_error={s['error']}")
            if int(m["steps"]) > int(s["steps"]):
                more_iterations.append(f"{problem} {method} ({m['steps']} steps vs {scipy} {s['steps']})")
            rows.append((problem, f"{method} / {scipy}", f"{m['steps']} / {s['steps']}",
                         f"{m['fevals']}+{m['jevals']}J / {s['fevals']}+{s['jevals']}J",
                         f"{m['error']} / {s['error']}", m["time_s"], s["time_s"], speedup))
        print(f"case {name}: {fields} mixtape_s={m['time_s']} scipy_s={s['time_s']} speedup={speedup:.1f}")
    print(f"# Mixtape needed more iterations/steps than SciPy in {len(more_iterations)} cases: "
          + ("; ".join(more_iterations) if more_iterations else "none"))
    if markdown:
        print()
        print("| problem | Mixtape / SciPy method | iterations (steps) | evaluations | final f (residual, error) | Mixtape s | SciPy s | speedup |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} | {r[4]} | {float(r[5]):.3g} | {float(r[6]):.3g} | {r[7]:.0f}× |")


if __name__ == "__main__":
    main()
