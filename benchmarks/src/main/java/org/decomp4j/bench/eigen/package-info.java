/**
 * Eigenproblems (issue 16): {@code EigenBenchmark} (JMH) and {@code EigenTiming}, the
 * side-by-side timing against NumPy run by {@code benchmarks/run-eigen.sh}.
 */
package org.decomp4j.bench.eigen;
