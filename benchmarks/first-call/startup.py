"""CLI start-up (issue 18, point 2): whole-process wall and CPU time (user + sys, the process and its
children) of several ways to run one command line, alternating between them each round; medians.

usage: python3 benchmarks/first-call/startup.py [--rounds 11] 'NAME=CMD' ... -- ARGS...
e.g.   python3 benchmarks/first-call/startup.py 'old=java -jar /tmp/old/decomp4j-cli.jar' \\
           'launcher=target/decomp4j' -- svd --in a.npy --out /tmp/out
Each CMD is split by the shell rules (shlex) and ARGS appended; its output is discarded and a
failing run stops the script. CPU time is the robust figure on a shared machine: other processes
stretch wall time, much less the CPU a run needs.
"""
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time


def run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr.decode()}")
    if r.stderr:
        sys.exit(f"wrote to stderr: {' '.join(cmd)}\n{r.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    argv = sys.argv[1:]
    rounds = 11
    if argv[:1] == ["--rounds"]:
        rounds, argv = int(argv[1]), argv[2:]
    sep = argv.index("--")
    variants = [v.split("=", 1) for v in argv[:sep]]
    args = argv[sep + 1:]
    res = {name: [] for name, _ in variants}
    for name, cmd in variants:  # one untimed run each: page cache, JavaCPP's extraction cache
        run(shlex.split(cmd) + args)
    for _ in range(rounds):
        for name, cmd in variants:
            res[name].append(run(shlex.split(cmd) + args))
    print(f"`{' '.join(args)}`, {rounds} alternating rounds, load average {os.getloadavg()[0]:.1f} at the end\n")
    print("| variant | median wall s | min wall s | median CPU s | wall ÷ first | CPU ÷ first |")
    print("|---|---:|---:|---:|---:|---:|")
    w0 = statistics.median(w for w, _ in res[variants[0][0]])
    c0 = statistics.median(c for _, c in res[variants[0][0]])
    for name, _ in variants:
        w = statistics.median(x for x, _ in res[name])
        c = statistics.median(x for _, x in res[name])
        print(f"| {name} | {w:.3f} | {min(x for x, _ in res[name]):.3f} | {c:.3f} | {w / w0:.2f} | {c / c0:.2f} |")


if __name__ == "__main__":
    main()
