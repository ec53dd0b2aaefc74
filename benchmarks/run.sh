#!/usr/bin/env bash
# The library comparison in one command: builds decomp4j and the benchmarks, checks every
# library's answers, runs a profile, and writes benchmarks/results/RESULTS.md, the chart
# benchmarks/results/compare.png and the benchmark table of README.md.
#
#   benchmarks/run.sh quick      # minutes: thin SVD at n = 16, 256, 1024, the other operations at 256
#   benchmarks/run.sh full       # hours: every operation, n = 4 … 2048, 20000×200, 200×20000, F64 and F32
#   benchmarks/run.sh validate   # only the answer checks, no timing
#   benchmarks/run.sh spark      # decomp4j's distributed TSQR SVD against MLlib's computeSVD, local[2]:
#                                # 200,000×200, top 50; benchmarks/results/spark.md; last line JSON
#   benchmarks/run.sh spark-demo [rows cols k partitions]   # the Spark demo (SparkDemo), local[2]
#   benchmarks/run.sh spark-targets   # sparse 200,000×100,000 (20 non-zeros a row), top 20, in a
#                                # driver of -Xmx2g: decomp4j's randomized SVD, MLlib's computeSVD and
#                                # ml.feature.PCA, each in its own JVM; 100,000 16×16 SVDs as a Dataset
#                                # against the in-process BatchRunner; a section of benchmarks/results/spark.md
#                                # (SPARK_SPARSE_ROWS/COLS/NNZ/K, SPARK_BATCH_COUNT, SPARK_BATCH_REPS, SPARK_BATCH_WARMUP (6),
#                                # SPARK_TARGETS_TIMEOUT s per case, SPARK_TARGETS_NOTE: a sentence on the
#                                # machine's load; SPARK_TARGETS_CASES=batch runs the batch alone and
#                                # rewrites only its paragraph, =sparse the sparse cases alone)
#   benchmarks/run.sh peers [quick|full|smoke]   # the native JVM peers (netlib-java, jblas, ND4J) and
#                                                # NumPy, warm, cold and crash: benchmarks/results/native-peers.md
#   benchmarks/run.sh ooc-scale [smoke|small|full] # issue 24's scale targets (OutOfCoreScale): a float32 file
#                                                # (full: 2,000,000 x 4,000 = 32 GB, more than 1.25x the RAM),
#                                                # top-50 randomized q = 1 against passes x size / bandwidth and
#                                                # RssAnon; exact TSQR of a tall float64 file (full: 4,000,000 x
#                                                # 250 = 8 GB) against the in-memory Svd.of; scikit-learn and Dask
#                                                # on the same file. small: 2 GB and 1 GB; smoke: 40 MB, 100 MB. Files are generated in
#                                                # OOC_DIR (default benchmarks/target/ooc-data) and deleted at the
#                                                # end; refuses to start without file + 10% free. Section
#                                                # "Scale run" of benchmarks/results/out-of-core.md; log in
#                                                # benchmarks/results/raw/. Run it alone, on an idle machine.
#
# Environment: MVN_ARGS, extra Maven arguments (e.g. -Dmaven.repo.local=/path); JAVA_OPTS, extra
# runner options: -Dcompare.threads=N (OpenBLAS threads, default all processors),
# -Dcompare.libs=decomp4j,EJML  -Dcompare.ops=SVD_THIN,LU  -Dcompare.shapes=256,1024
# -Dcompare.dtypes=F64 (comma-separated filters); COMPARE_NOTE, a sentence the report quotes (e.g.
# why a thread count was chosen). Raw results: benchmarks/results/raw/ (not committed).
set -euo pipefail
profile=${1:-quick}
case "$profile" in quick|full|validate|spark|spark-demo|spark-targets|peers|ooc-scale) ;; *) echo "usage: $0 quick|full|validate|spark|spark-demo [rows cols k partitions]|spark-targets|peers [quick|full|smoke]|ooc-scale [smoke|small|full]" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
if [ "$profile" = ooc-scale ]; then
  scale=${2:-small}
  case "$scale" in
    # rows cols of the float32 randomized file; rows cols of the float64 exact file; budget
    smoke) rr=20000; rc=500; er=100000; ec=125; budget=64M ;;   # the plumbing only, seconds
    small) rr=1000000; rc=500; er=1000000; ec=125; budget=1G ;;
    full) rr=2000000; rc=4000; er=4000000; ec=250; budget=1536M ;;
    *) echo "usage: $0 ooc-scale [smoke|small|full]" >&2; exit 2 ;;
  esac
  k=50; q=1; p=10
  dir=${OOC_DIR:-benchmarks/target/ooc-data}
  mkdir -p "$dir" benchmarks/results/raw
  rfile="$dir/ooc-randomized-$scale.npy"
  efile="$dir/ooc-exact-$scale.npy"
  # the generated data never outlive the run, whatever ends it
  trap 'rm -f "$rfile" "$efile" "$dir"/U-ooc.npy "$dir"/.decomp4j-scratch*' EXIT
  need() {  # bytes free on $dir's file system ≥ $1 + 10%, or refuse before writing anything
    local want=$(( $1 + $1 / 10 ))
    local free; free=$(( $(df --output=avail -B1 "$dir" | tail -1) ))
    if [ "$free" -lt "$want" ]; then
      echo "ooc-scale $scale: $2 needs $(( want / 1000000000 )) GB free in $dir (file + 10%), only $(( free / 1000000000 )) GB are; free space or set OOC_DIR" >&2
      exit 3
    fi
  }
  rbytes=$(( rr * rc * 4 ))
  ebytes=$(( er * ec * 8 ))
  need "$rbytes" "the float32 file"
  # the exact run holds its input, the scratch Q factors (about the input) and U (the input's size)
  need $(( 3 * ebytes )) "the exact run (input, scratch Q factors and U)"
  ram=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) * 1024 ))
  if [ "$scale" = full ] && [ $(( rbytes * 4 )) -lt $(( ram * 5 )) ]; then
    echo "ooc-scale full: the float32 file ($(( rbytes / 1000000000 )) GB) is under 1.25x the RAM ($(( ram / 1000000000 )) GB)" >&2
    exit 3
  fi
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} compile
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} dependency:build-classpath -Dmdep.outputFile=target/ooc-classpath.txt >/dev/null
  cp="target/classes:$(cat target/ooc-classpath.txt)"
  mkdir -p target/ooc-bench
  javac -d target/ooc-bench -cp "$cp" benchmarks/src/main/java/org/decomp4j/bench/scale/OutOfCoreScale.java \
    benchmarks/src/main/java/org/decomp4j/bench/scale/MemoryProbe.java
  log="benchmarks/results/raw/ooc-scale-$scale-$(date -u +%Y%m%dT%H%M%SZ).log"
  py=python3
  if ! $py -c 'import sklearn, dask' 2>/dev/null && /usr/bin/python3 -c 'import sklearn, dask' 2>/dev/null; then
    py=/usr/bin/python3   # Debian's python3-sklearn and python3-dask install for Debian's own python
  fi
  {
    echo "MACHINE $(nproc) cpus, $(( ram / 1073741824 )) GiB RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
      "$(df -h --output=source,fstype,size "$dir" | tail -1 | tr -s ' '), $(java -version 2>&1 | head -1), $(date -u +%FT%TZ)"
    # shellcheck disable=SC2086
    java -Xmx512m -Dooc.evict=true ${JAVA_OPTS:-} -cp "target/ooc-bench:$cp" org.decomp4j.bench.scale.OutOfCoreScale \
      randomized "$rfile" "$rr" "$rc" f32 "$k" "$q" "$budget" keep
    $py benchmarks/ooc_anchors.py anchors "$rfile" "$k" "$q" "$p" || echo "RESULT anchors failed (exit $?)"
    rm -f "$rfile"
    # shellcheck disable=SC2086
    java -Xmx512m -Dooc.evict=true ${JAVA_OPTS:-} -cp "target/ooc-bench:$cp" org.decomp4j.bench.scale.OutOfCoreScale \
      exact "$efile" "$er" "$ec" f64 "$budget"
  } 2>&1 | tee "$log"
  [ "$scale" = smoke ] || $py benchmarks/ooc_anchors.py report "$log" "$scale" benchmarks/results/out-of-core.md
  echo "log: $log; section 'Scale run' of benchmarks/results/out-of-core.md"
  exit 0
fi
if [ "$profile" = spark ] || [ "$profile" = spark-demo ] || [ "$profile" = spark-targets ]; then
  # Spark is a provided dependency: the library's classes, its dependencies and Spark's on the
  # class path (Maven resolves them), Spark's Java 17 flags (the POM's spark.jvm.flags), loopback
  # only (LocalSpark sets it in code; SPARK_LOCAL_IP backs it up). No install into ~/.m2.
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} compile
  # shellcheck disable=SC2086
  mvn -B -q ${MVN_ARGS:-} dependency:build-classpath -Dmdep.outputFile=target/spark-classpath.txt >/dev/null
  cp="target/classes:$(cat target/spark-classpath.txt)"
  flags=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)
  export SPARK_LOCAL_IP=127.0.0.1
  if [ "$profile" = spark-demo ]; then
    shift
    # shellcheck disable=SC2086
    exec java -Xmx4g $flags ${JAVA_OPTS:-} -cp "$cp" org.decomp4j.spark.SparkDemo "$@"
  fi
  mkdir -p target/spark-bench benchmarks/results
  javac -d target/spark-bench -cp "$cp" benchmarks/spark/SparkBench.java
  if [ "$profile" = spark-targets ]; then
    javac -d target/spark-bench -cp "target/spark-bench:$cp" benchmarks/spark/SparkTargets.java
    dir=target/spark-targets
    rm -rf "$dir"
    mkdir -p "$dir"
    sparse="${SPARK_SPARSE_ROWS:-200000} ${SPARK_SPARSE_COLS:-100000} ${SPARK_SPARSE_NNZ:-20} ${SPARK_SPARSE_K:-20} ${SPARK_PARTITIONS:-8}"
    run_case() { # mode heap args…: one JVM per case; its exit code and last JSON line kept
      local mode=$1 heap=$2
      shift 2
      set +e
      # shellcheck disable=SC2086
      timeout "${SPARK_TARGETS_TIMEOUT:-900}" java "-Xmx$heap" $flags ${JAVA_OPTS:-} -cp "target/spark-bench:$cp" \
        org.decomp4j.bench.spark.SparkTargets "$mode" "$@" >"$dir/$mode.log" 2>&1
      echo $? >"$dir/$mode.rc"
      set -e
      grep '^{"mode"' "$dir/$mode.log" | tail -1 >"$dir/$mode.json" || true
      echo "$mode: exit $(cat "$dir/$mode.rc") $(cat "$dir/$mode.json")"
    }
    cases=${SPARK_TARGETS_CASES:-sparse batch}
    case " $cases " in *" sparse "*|*" batch "*) ;; *) echo "SPARK_TARGETS_CASES: 'sparse', 'batch' or both, not '$cases'" >&2; exit 2 ;; esac
    if [[ " $cases " == *" sparse "* ]]; then
      for mode in sparse-decomp4j sparse-mllib-svd sparse-mllib-pca; do
        # shellcheck disable=SC2086
        run_case "$mode" 2g $sparse
      done
    fi
    if [[ " $cases " == *" batch "* ]]; then
      run_case batch 4g "${SPARK_BATCH_COUNT:-100000}" 16 "${SPARK_BATCH_PARTITIONS:-4}" "${SPARK_BATCH_REPS:-3}" "${SPARK_BATCH_WARMUP:-6}"
    fi
    # shellcheck disable=SC2086
    exec java $flags -cp "target/spark-bench:$cp" org.decomp4j.bench.spark.SparkTargets report "$dir" benchmarks/results/spark.md
  fi
  # shellcheck disable=SC2086
  exec java -Xmx4g $flags ${JAVA_OPTS:-} -cp "target/spark-bench:$cp" org.decomp4j.bench.spark.SparkBench \
    "${SPARK_ROWS:-200000}" "${SPARK_COLS:-200}" "${SPARK_K:-50}" "${SPARK_PARTITIONS:-8}" "${SPARK_REPS:-3}" \
    benchmarks/results/spark.md
fi
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} install -DskipTests
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} -f benchmarks/pom.xml package
if [ "$profile" = peers ]; then
  peers_profile=${2:-quick}
  # netlib-java's JNI path needs a system liblapack.so.3: Debian's OpenBLAS (pthread) provides it
  lapack=/usr/lib/x86_64-linux-gnu/liblapack.so.3
  if [ ! -e "$lapack" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "installing libopenblas0-pthread (the system LAPACK netlib-java's JNI path loads)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q libopenblas0-pthread >/dev/null \
        || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q libopenblas0-pthread >/dev/null; } \
        || echo "could not install libopenblas0-pthread: netlib-java will run F2J only (netlib JNI skipped)"
    else
      echo "no $lapack and no root apt-get: netlib-java will run F2J only (netlib JNI skipped)"
    fi
  fi
  system=""
  if [ -e "$lapack" ]; then
    system="$(readlink -f "$lapack") ($(dpkg -S "$(readlink -f "$lapack")" 2>/dev/null | cut -d: -f1 | head -1) $(dpkg-query -W -f '${Version}' libopenblas0-pthread 2>/dev/null))"
  fi
  # each peer's own class path (ND4J's OpenBLAS 0.3.19 never meets decomp4j's 0.3.31)
  mkdir -p benchmarks/target/peers
  for p in netlib jblas nd4j; do
    # shellcheck disable=SC2086
    mvn -B -q ${MVN_ARGS:-} -f "benchmarks/peers/$p/pom.xml" dependency:build-classpath \
      "-Dmdep.outputFile=$PWD/benchmarks/target/peers/$p.classpath" \
      || { echo "skipping $p: its dependencies did not resolve"; rm -f "benchmarks/target/peers/$p.classpath"; }
  done
  python3 -c 'import numpy, scipy' 2>/dev/null || echo "NumPy will be skipped: python3 with numpy and scipy not found"
  # shellcheck disable=SC2086
  exec java -Djava.awt.headless=true ${JAVA_OPTS:-} "-Dcompare.note=${COMPARE_NOTE:-}" "-Dpeers.system=$system" \
    -Dpeers.decomp4jJar=target/decomp4j-0.1.0-SNAPSHOT.jar \
    -cp benchmarks/target/benchmarks.jar org.decomp4j.bench.compare.NativePeers "$peers_profile" benchmarks/results/raw
fi
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
