"""decomp4j's first call against NumPy's (issue 18): cold in fresh processes, warm in one.

Cold: the CLI's own compute_seconds (one decomposition in a fresh JVM; JVM start, file I/O and the
CLI's 2×2 warm-up of the binding not counted) against the same decomposition timed around the first
call in a fresh python3 process that has already imported NumPy/SciPy and loaded the matrix. Each
round runs every case once on each side, decomp4j and NumPy alternating; the table gives the best of
the rounds and the median. Warm: WarmCalls.java (one JVM, best of R after a warm-up) against the same
in one python3 process.

Both sides use 2 OpenBLAS threads (--threads 2, OPENBLAS_NUM_THREADS=2). OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE are passed through as the environment has them, to both sides alike.

usage: python3 benchmarks/first-call/first_call.py [--cli NAME=CMD ...] [--rounds 7] [--warm-rounds 5]
           [--cases svd2000,svdtall,lu3000,qr,chol] [--no-warm]
CMD is how a CLI starts, e.g. "launcher=target/decomp4j" (the default) or
"jar=java -jar target/decomp4j-cli.jar"; several --cli are run side by side (A/B), each round
running every CLI and NumPy once per case, in turn.
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# name: (shape, CLI command, NumPy/SciPy statement on `a`)
CASES = {
    "svd2000": ((2000, 2000), "svd", "np.linalg.svd(a, full_matrices=False)"),
    "svdtall": ((20000, 200), "svd", "np.linalg.svd(a, full_matrices=False)"),
    "lu3000": ((3000, 3000), "lu", "scipy.linalg.lu_factor(a)"),
    "qr": ((3000, 1500), "qr", "np.linalg.qr(a)"),
    "chol": ((3000, 3000), "cholesky", "np.linalg.cholesky(a)"),
}
LABEL = {"svd2000": "thin SVD 2000×2000", "svdtall": "thin SVD 20000×200", "lu3000": "LU 3000",
         "qr": "QR 3000×1500 (Q formed)", "chol": "Cholesky 3000"}

PY_COLD = """
import sys, time, numpy as np, scipy.linalg
a = np.load(sys.argv[1])
t0 = time.perf_counter()
r = {stmt}
print(time.perf_counter() - t0)
"""

PY_WARM = """
import sys, time, json, numpy as np, scipy.linalg
out = {{}}
for name, path, stmt in json.loads(sys.argv[1]):
    a = np.load(path)
    f = eval("lambda a: " + stmt)
    f(a)
    ts = []
    for _ in range({rounds}):
        t0 = time.perf_counter(); f(a); ts.append(time.perf_counter() - t0)
    out[name] = min(ts)
print(json.dumps(out))
"""


def make_inputs(d, names):
    rng = np.random.default_rng(18)
    paths = {}
    for name in names:
        (m, n), _, _ = CASES[name]
        a = rng.standard_normal((m, n))
        if name == "chol":
            a = a @ a.T / n + np.eye(n)
        p = os.path.join(d, name + ".npy")
        np.save(p, a)
        paths[name] = p
    return paths


def env2():
    e = dict(os.environ)
    e["OPENBLAS_NUM_THREADS"] = "2"
    return e


def cli_cold(cli, name, path, d):
    out = os.path.join(d, "out-" + name)
    cmd = shlex.split(cli) + [CASES[name][1], "--in", path, "--out", out, "--json", "--threads", "2"]
    if name.startswith("svd"):
        cmd += ["--driver", "auto"]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env2())
    if r.returncode != 0:
        sys.exit("CLI failed: " + " ".join(cmd) + "\n" + r.stderr)
    subprocess.run(["rm", "-rf", out])
    return json.loads(r.stdout)["compute_seconds"]


def numpy_cold(name, path):
    r = subprocess.run([sys.executable, "-c", PY_COLD.format(stmt=CASES[name][2]), path],
                       capture_output=True, text=True, env=env2(), check=True)
    return float(r.stdout)


def warm(cli_jar, paths, names, rounds):
    src = os.path.join(ROOT, "benchmarks/src/main/java/org/decomp4j/bench/firstcall/WarmCalls.java")
    args = ["java", "-cp", cli_jar, src, str(rounds)] + [f"{n}={CASES[n][1]}={paths[n]}" for n in names]
    j = subprocess.run(args, capture_output=True, text=True, env=env2(), check=True).stdout
    ours = json.loads(j.strip().splitlines()[-1])
    spec = json.dumps([[n, paths[n], CASES[n][2]] for n in names])
    theirs = json.loads(subprocess.run([sys.executable, "-c", PY_WARM.format(rounds=rounds), spec],
                                       capture_output=True, text=True, env=env2(), check=True).stdout)
    return ours, theirs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", action="append")
    ap.add_argument("--jar", default=os.path.join(ROOT, "target/decomp4j-cli.jar"))
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--warm-rounds", type=int, default=5)
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--no-warm", action="store_true")
    a = ap.parse_args()
    clis = [c.split("=", 1) for c in (a.cli or ["launcher=" + os.path.join(ROOT, "target/decomp4j")])]
    names = a.cases.split(",")
    with tempfile.TemporaryDirectory(prefix="first-call-") as d:
        paths = make_inputs(d, names)
        ours = {(c, n): [] for c, _ in clis for n in names}
        theirs = {n: [] for n in names}
        for r in range(a.rounds):
            for n in names:  # alternate: each CLI, NumPy, next case
                for c, cmd in clis:
                    ours[c, n].append(cli_cold(cmd, n, paths[n], d))
                theirs[n].append(numpy_cold(n, paths[n]))
            print(f"round {r + 1}/{a.rounds} done", file=sys.stderr)
        w = None if a.no_warm else warm(a.jar, paths, names, a.warm_rounds)
    print(f"\nCold: CLI compute_seconds vs NumPy's first call, seconds, best of {a.rounds} alternating rounds "
          f"(median in brackets); load average {os.getloadavg()[0]:.1f} at the end; OPENBLAS_CORETYPE="
          f"{os.environ.get('OPENBLAS_CORETYPE', '(unset)')} OPENBLAS_L2_SIZE="
          f"{os.environ.get('OPENBLAS_L2_SIZE', '(unset)')}. CLIs: "
          + "; ".join(f"{c} = `{cmd}`" for c, cmd in clis) + "\n")
    head = "| case | NumPy cold |" + "".join(f" {c} cold | {c} ÷ NumPy (best) | (medians) |" for c, _ in clis)
    print(head)
    print("|---|---:|" + "---:|---:|---:|" * len(clis))
    for n in names:
        bt, mt = min(theirs[n]), statistics.median(theirs[n])
        row = f"| {LABEL[n]} | {bt:.3f} ({mt:.3f}) |"
        for c, _ in clis:
            bo, mo = min(ours[c, n]), statistics.median(ours[c, n])
            row += f" {bo:.3f} ({mo:.3f}) | {bo / bt:.2f} | {mo / mt:.2f} |"
        print(row)
    if w:
        print(f"\nWarm: best of {a.warm_rounds} after one warm-up, one process each (`{a.jar}`), seconds\n")
        print("| case | decomp4j warm | NumPy warm | ratio |")
        print("|---|---:|---:|---:|")
        for n in names:
            print(f"| {LABEL[n]} | {w[0][n]:.3f} | {w[1][n]:.3f} | {w[0][n] / w[1][n]:.2f} |")


if __name__ == "__main__":
    main()
