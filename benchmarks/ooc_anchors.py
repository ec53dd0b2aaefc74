#!/usr/bin/env python3
"""Issue 24's Python anchors on the file decomp4j's OutOfCoreScale just used, and the report.

  ooc_anchors.py anchors FILE K Q P     scikit-learn randomized_svd on np.memmap, then Dask
                                        svd_compressed on the same memmap: same k, q, oversampling
  ooc_anchors.py report LOG SCALE MD    replaces the "## Scale run" section of MD with a table
                                        built from the RESULT lines of LOG

Each anchor runs once, after the file's pages are dropped from the page cache (fsync +
posix_fadvise DONTNEED, no root needed), with RssAnon (anonymous resident memory: file pages of the
memory map do not count) sampled every 5 ms from /proc/self/status. Accuracy: the sum of squares of
the k values returned; for a randomized method this is ||Q^T A||_F^2 <= ||A||_F^2, so larger is
closer to A (||A - Q Q^T A||_F^2 = ||A||_F^2 - it).
"""
import os
import re
import sys
import threading
import time


def rss_anon():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    return 0


class Probe:
    def __init__(self):
        self.peak = rss_anon()
        self.running = True
        self.t = threading.Thread(target=self.run, daemon=True)
        self.t.start()

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_anon())
            time.sleep(0.005)

    def stop(self):
        self.running = False
        self.t.join()
        return max(self.peak, rss_anon())


def evict(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def values(s):
    s = [float(v) for v in s]
    return "values: sigma_1 %.6e, sigma_%d %.6e, sum of squares %.9e" % (s[0], len(s), s[-1], sum(v * v for v in s))


def anchors(path, k, q, p):
    import numpy as np
    x = np.load(path, mmap_mode="r")
    m, n = x.shape
    size = x.nbytes
    print("anchors on %s: %d x %d %s (%.2f GB), k=%d q=%d p=%d, numpy %s" % (path, m, n, x.dtype, size / 1e9, k, q, p,
                                                                           np.__version__))
    try:
        from sklearn.utils.extmath import randomized_svd
        import sklearn
        evict(path)
        probe = Probe()
        t0 = time.perf_counter()
        u, s, vt = randomized_svd(x, k, n_oversamples=p, n_iter=q, power_iteration_normalizer="QR", random_state=1)
        wall = time.perf_counter() - t0
        peak = probe.stop()
        print("  " + values(s))
        print("RESULT anchor sklearn-%s %.2f s, %d passes, peak RssAnon %.1f MiB; %s" % (
            sklearn.__version__, wall, 2 * q + 2, peak / 2**20, values(s)))
        del u, vt
    except ImportError as e:
        print("RESULT anchor sklearn not run: %s (apt-get install python3-sklearn, for Debian's python3)" % e)
    try:
        import dask
        import dask.array as da
        evict(path)
        rows = max(1, (64 << 20) // (n * x.dtype.itemsize))
        a = da.from_array(x, chunks=(rows, n))
        probe = Probe()
        t0 = time.perf_counter()
        try:
            u, s, v = da.linalg.svd_compressed(a, k, n_power_iter=q, n_oversamples=p, seed=1, compute=False)
        except TypeError:
            u, s, v = da.linalg.svd_compressed(a, k + p, n_power_iter=q, seed=1, compute=False)
        u, s, v = dask.compute(u, s, v)
        s = s[:k]
        wall = time.perf_counter() - t0
        peak = probe.stop()
        print("  " + values(s))
        print("RESULT anchor dask-%s %.2f s, peak RssAnon %.1f MiB; %s" % (dask.__version__, wall, peak / 2**20,
                                                                          values(s)))
    except ImportError as e:
        print("RESULT anchor dask not run: %s (apt-get install python3-dask, for Debian's python3)" % e)


def report(log, scale, md):
    lines = [l.rstrip("\n") for l in open(log) if l.startswith(("RESULT", "OutOfCoreScale", "anchors on", "  plan:",
                                                                  "MACHINE", "  rep", "  in-memory", "  values"))]
    out = ["## Scale run (`benchmarks/run.sh ooc-scale %s`)" % scale, "",
           "Written by the run from its log (%s). One run; each decomp4j figure is the mean of 2 alternations with the"
           " bandwidth read on the same file; the anchors ran once each, on the same file, after decomp4j." % log, "",
           "```"] + lines + ["```", ""]
    text = open(md).read() if os.path.exists(md) else "# Out-of-core SVD (issue 24)\n\n"
    section = "\n".join(out)
    pat = re.compile(r"## Scale run \(`benchmarks/run.sh ooc-scale %s`\).*?(?=\n## |\Z)" % re.escape(scale), re.S)
    if pat.search(text):
        text = pat.sub(lambda _: section.rstrip("\n") + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(md + ".tmp", "w") as f:
        f.write(text)
    os.replace(md + ".tmp", md)


if __name__ == "__main__":
    if sys.argv[1] == "anchors":
        anchors(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
    elif sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit("usage: ooc_anchors.py anchors FILE K Q P | report LOG SCALE MD")
