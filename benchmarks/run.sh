#!/usr/bin/env bash
# The library comparison in one command: builds decomp4j and the benchmarks, checks every
# library's answers, runs a profile, and writes benchmarks/results/RESULTS.md, the chart
# benchmarks/results/compare.png and the benchmark table of README.md.
#
#   benchmarks/run.sh quick      # minutes: thin SVD at n = 16, 256, 1024, the other operations at 256
#   benchmarks/run.sh full       # hours: every operation, n = 4 … 2048, 20000×200, 200×20000, F64 and F32
#   benchmarks/run.sh validate   # only the answer checks, no timing
#
# Environment: MVN_ARGS, extra Maven arguments (e.g. -Dmaven.repo.local=/path); JAVA_OPTS, extra
# runner options: -Dcompare.threads=N (OpenBLAS threads, default all processors),
# -Dcompare.libs=decomp4j,EJML  -Dcompare.ops=SVD_THIN,LU  -Dcompare.shapes=256,1024
# -Dcompare.dtypes=F64 (comma-separated filters); COMPARE_NOTE, a sentence the report quotes (e.g.
# why a thread count was chosen). Raw results: benchmarks/results/raw/ (not committed).
set -euo pipefail
profile=${1:-quick}
case "$profile" in quick|full|validate) ;; *) echo "usage: $0 quick|full|validate" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} install -DskipTests
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} -f benchmarks/pom.xml package
run() {
  # shellcheck disable=SC2086
  java -Xss16m -Djava.awt.headless=true ${JAVA_OPTS:-} "-Dcompare.note=${COMPARE_NOTE:-}" \
    -cp benchmarks/target/benchmarks.jar \
    org.decomp4j.bench.compare.Compare "$1" benchmarks/results/raw
}
run validate
if [ "$profile" != validate ]; then
  run "$profile"
fi
