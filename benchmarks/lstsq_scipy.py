"""SciPy's lstsq(lapack_driver=...) timed as LstsqDrivers times decomp4j (one Gaussian m×n F64 system,
one right-hand side, median of R calls after a warm-up). Run with OPENBLAS_NUM_THREADS set to the
thread count given to LstsqDrivers:  OPENBLAS_NUM_THREADS=1 python3 benchmarks/lstsq_scipy.py 3000 1500 7"""
import sys
import time

import numpy as np
import scipy
import scipy.linalg

m, n = int(sys.argv[1]), int(sys.argv[2])
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 7
rng = np.random.default_rng(42)
a = np.asfortranarray(rng.standard_normal((m, n)))
b = rng.standard_normal(m)
for driver in ("gelsy", "gelsd"):
    scipy.linalg.lstsq(a, b, lapack_driver=driver)
    ts = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        scipy.linalg.lstsq(a, b, lapack_driver=driver)
        ts.append((time.perf_counter() - t0) * 1e3)
    ts.sort()
    print(f"scipy {scipy.__version__} {driver} {m}x{n}: median {ts[len(ts) // 2]:.1f} ms (min {ts[0]:.1f})")
