#!/usr/bin/env python3
"""NumPy (SciPy for LU) as a peer of the native-peer comparison: the same protocol as the Java
side's PeerCall (benchmarks/src/main/java/org/decomp4j/bench/compare/PeerCall.java), driven by
NativePeers. Prints "peer KEY VALUE" lines.

    python3 numpy_peer.py MODE OP SHAPE [warmups reps seconds]

MODE: info | warm | cold | crash. OP: SVD_THIN, SVD_VALUES, LU, QR_Q, CHOLESKY. SHAPE: n or mxn.
Input: uniform [0, 1) from NumPy's own seeded generator (same distribution as the Java side's
Problem, not the same numbers); Cholesky: (R + R^T)/2 + n*I. Each answer is checked once:
residual within 8*max(m, n)*eps relative to ||A||_F, as the Java side's Check.
"""
import sys
import time

T_START = time.perf_counter()


def out(key, value):
    print("peer", key, value, flush=True)


def status(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return -1


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def main():
    mode, op, shape = sys.argv[1], sys.argv[2], sys.argv[3]
    m, n = (int(x) for x in shape.split("x")) if "x" in shape else (int(shape), int(shape))
    rss0 = status("VmRSS")
    t0 = time.perf_counter()
    import numpy as np
    import_ms = (time.perf_counter() - t0) * 1e3
    rng = np.random.default_rng(20261206)
    a = np.asfortranarray(rng.random((m, n)))
    if op == "CHOLESKY":
        a = np.asfortranarray((a + a.T) / 2 + n * np.eye(n))
    eps = np.finfo(np.float64).eps
    tol = 8 * max(m, n) * eps
    norm_a = np.linalg.norm(a)

    def call():
        if op == "SVD_THIN":
            return np.linalg.svd(a, full_matrices=False)
        if op == "SVD_VALUES":
            return np.linalg.svd(a, compute_uv=False)
        if op == "LU":
            import scipy.linalg
            return scipy.linalg.lu_factor(a)
        if op == "QR_Q":
            return np.linalg.qr(a, mode="reduced")
        if op == "CHOLESKY":
            return np.linalg.cholesky(a)
        raise SystemExit("op " + op)

    def check(r):
        x = rng.random(n) - 0.5
        if op == "SVD_THIN":
            u, s, vt = r
            err = np.linalg.norm(a @ x - u @ (s * (vt @ x))) / (norm_a * np.linalg.norm(x))
        elif op == "SVD_VALUES":
            err = abs(np.sqrt(np.sum(r * r)) - norm_a) / norm_a
        elif op == "LU":
            lu, piv = r
            perm = np.arange(n)
            for i, p in enumerate(piv):
                perm[i], perm[p] = perm[p], perm[i]
            low = np.tril(lu, -1) + np.eye(n)
            err = np.linalg.norm((a @ x)[perm] - low @ (np.triu(lu) @ x)) / (norm_a * np.linalg.norm(x))
        elif op == "QR_Q":
            q, rr = r
            err = np.linalg.norm(a @ x - q @ (rr @ x)) / (norm_a * np.linalg.norm(x))
        else:
            err = np.linalg.norm(a @ x - r @ (r.T @ x)) / (norm_a * np.linalg.norm(x))
        if not err <= tol:
            raise SystemExit("%s %s: residual %.3g above %.3g" % (op, shape, err, tol))

    if mode == "info":
        check(call())
        cfg = np.__config__.CONFIG["Build Dependencies"]["blas"]
        out("backend", "%s %s" % (cfg.get("name"), cfg.get("version")))
        out("version", "numpy %s" % np.__version__)
        out("openblas.config", " ".join(str(cfg.get("openblas configuration", "")).split()))
        libs = []
        with open("/proc/self/maps") as f:
            for line in f:
                p = line[line.find("/"):].strip() if "/" in line else ""
                if ".so" in p and ("blas" in p or "lapack" in p) and p not in libs:
                    libs.append(p)
        for p in libs:
            out("native", p)
    elif mode == "warm":
        warmups, reps, seconds = int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
        check(call())
        check(call())
        for _ in range(warmups):
            call()
        ms, rss = [], []
        deadline = time.perf_counter() + seconds
        while len(ms) < reps and (len(ms) < 3 or time.perf_counter() < deadline):
            reset_peak()
            r0 = status("VmRSS")
            t = time.perf_counter()
            r = call()
            ms.append((time.perf_counter() - t) * 1e3)
            hwm = status("VmHWM")
            rss.append(float(hwm - r0) if hwm >= 0 and r0 >= 0 else -1.0)
            del r
        out("backend", "numpy %s" % np.__version__)
        out("ms", ",".join(repr(x) for x in ms))
        out("rss", ",".join(repr(x) for x in rss))
    elif mode == "cold":
        t = time.perf_counter()
        r = call()
        first = (time.perf_counter() - t) * 1e3
        hwm = status("VmHWM")
        check(r)
        out("backend", "numpy %s" % np.__version__)
        out("import", import_ms)
        out("first", first)
        out("uptime", (time.perf_counter() - T_START) * 1e3)
        out("rssFirst", hwm - rss0 if hwm >= 0 and rss0 >= 0 else -1)
    elif mode == "crash":
        import threading
        failure = []

        def run():
            try:
                out("started", "numpy %s" % np.__version__)
                check(call())
            except BaseException as e:  # reported, not raised: the parent reads the line
                failure.append(repr(e))
        th = threading.Thread(target=run)
        th.start()
        th.join()
        if failure:
            out("failed", failure[0])
        else:
            out("survived", "yes")
    else:
        raise SystemExit("mode " + mode)


if __name__ == "__main__":
    main()
