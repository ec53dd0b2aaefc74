#!/usr/bin/env bash
# Side-by-side eigen timings (issue 16): decomp4j against NumPy/SciPy on the same .npy inputs,
# alternating, 2 OpenBLAS threads each, then the pure-Java peers (EJML, ojAlgo) at n = 1024.
# Compiles the three classes of org.decomp4j.bench.eigen with javac against target/classes (no
# `mvn install`, so a shared local repository is left alone). Usage (repository root):
#   mvn -q compile && benchmarks/run-eigen.sh [reps] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-5}
ROUNDS=${2:-2}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
M2=${M2_REPO:-$HOME/.m2/repository}
PEERS=$(find "$M2/org/ejml" -name '*0.46.1.jar' | tr '\n' ':')$(find "$M2/org/ojalgo" -name 'ojalgo-57.1.0.jar')
JMH=$(find "$M2/org/openjdk/jmh/jmh-core" -name '*.jar' | head -1)
CP="target/classes:$(cat "$WORK/cp.txt"):$JMH:$PEERS"
javac -proc:none -d "$WORK/classes" -cp "$CP" benchmarks/src/main/java/org/decomp4j/bench/eigen/*.java
python3 - "$WORK" <<'PY'
import sys, numpy as np
w = sys.argv[1]
rng = np.random.default_rng(7)
for n in (1000, 2000):
    g = rng.standard_normal((n, n))
    np.save(f"{w}/s{n}.npy", np.asfortranarray((g + g.T) / 2))
    np.save(f"{w}/g{n}.npy", np.asfortranarray(g))
PY
cat > "$WORK/np.py" <<'PY'
import sys, time, numpy as np, scipy.linalg as sl
w, reps = sys.argv[1], int(sys.argv[2])
def med(f):
    f()
    t = []
    for _ in range(reps):
        t0 = time.perf_counter(); f(); t.append(time.perf_counter() - t0)
    return sorted(t)[reps // 2]
s = np.load(f"{w}/s2000.npy"); g = np.load(f"{w}/g1000.npy")
print("eigh 2000 %.4f" % med(lambda: np.linalg.eigh(s)))
print("eigh_top20 2000 %.4f" % med(lambda: sl.eigh(s, subset_by_index=[1980, 1999], driver="evr")))
print("eig 1000 %.4f" % med(lambda: np.linalg.eig(g)))
PY
echo "# machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); numpy $(python3 -c 'import numpy; print(numpy.__version__)')"
for r in $(seq "$ROUNDS"); do
  java -Xmx4g -cp "$WORK/classes:$CP" org.decomp4j.bench.eigen.EigenTiming 2 "$REPS" \
      "eigh:2000:$WORK/s2000.npy" "eigh_top20:2000:$WORK/s2000.npy" "eig:1000:$WORK/g1000.npy" | sed 's/^/decomp4j /'
  OPENBLAS_NUM_THREADS=2 python3 "$WORK/np.py" "$WORK" "$REPS" | sed 's/^/numpy /'
done
java -Xmx4g -cp "$WORK/classes:$CP" org.decomp4j.bench.eigen.EigenTiming 2 "$REPS" \
    "eigh:1000:$WORK/s1000.npy" | sed 's/^/decomp4j /'
for lib in ejml ojalgo; do
  java -Xmx4g -cp "$WORK/classes:$CP" org.decomp4j.bench.eigen.EigenPeers "$lib" 1000 3 | sed 's/^/peer /'
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
