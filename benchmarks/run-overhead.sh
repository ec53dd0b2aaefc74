#!/usr/bin/env bash
# Runs the core overhead benchmarks one parameter set at a time, so that decomp4j and the raw
# LAPACKE variants it is compared with run back to back (minutes apart at most, not half an hour),
# then prints the summary tables. Usage: benchmarks/run-overhead.sh [quick]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q install -DskipTests
mvn -q -f benchmarks/pom.xml package
out=benchmarks/results/raw
mkdir -p "$out"
opts=(-f 2 -wi 5 -i 10)
sizes=(256 512 1024)
if [ "${1:-}" = quick ]; then opts=(-f 1 -wi 3 -i 5); sizes=(256 1024); fi
jar=benchmarks/target/benchmarks.jar
for n in 4 16; do
  java -jar $jar SmallOverheadBenchmark "${opts[@]}" -p n=$n -rf json -rff "$out/small-$n.json" > "$out/small-$n.log"
done
for n in "${sizes[@]}"; do
  for op in SVD LU QR CHOLESKY; do
    java -jar $jar LargeOverheadBenchmark "${opts[@]}" -p n=$n -p op=$op -rf json -rff "$out/large-$n-$op.json" \
      > "$out/large-$n-$op.log"
  done
done
java -cp $jar org.decomp4j.bench.compare.Report "$out"/small-*.json
echo
java -cp $jar org.decomp4j.bench.compare.Report "$out"/large-*.json
