/**
 * decomp4j against the JVM linear algebra libraries and raw LAPACKE (issue 5; symmetric and
 * general eigen from issue 16) and against the native-backed JVM libraries (issue 22), driven by
 * {@code run.sh}.
 *
 * <ul>
 * <li>{@link org.decomp4j.bench.compare.Compare} ({@code main}): runs a profile, one JMH run of
 *     {@link org.decomp4j.bench.compare.CompareBenchmark} per (library, operation, shape, dtype),
 *     or {@code validate} ({@link org.decomp4j.bench.compare.Validate}: the answer checks
 *     only).</li>
 * <li>{@link org.decomp4j.bench.compare.Report} ({@code main}): the benchmarks' one report
 *     generator: RESULTS.md, compare.png and the README table from a comparison's raw results;
 *     markdown tables from JMH result files.</li>
 * <li>The model: {@link org.decomp4j.bench.compare.Op}, {@link org.decomp4j.bench.compare.Shape},
 *     {@link org.decomp4j.bench.compare.Problem} (seeded input),
 *     {@link org.decomp4j.bench.compare.Task} (a timed call and its check),
 *     {@link org.decomp4j.bench.compare.Check} (the residual probes),
 *     {@link org.decomp4j.bench.compare.Point} (one measured cell) and
 *     {@link org.decomp4j.bench.compare.Machine} (the machine description).</li>
 * <li>{@link org.decomp4j.bench.compare.NativePeers} ({@code main}, issue 22): decomp4j against
 *     the native-backed JVM libraries (netlib-java, jblas, ND4J) and NumPy, warm, cold, peak
 *     memory and default-stack robustness, each library in a child process of its own
 *     ({@link org.decomp4j.bench.compare.PeerCall}) on its own class path;
 *     {@link org.decomp4j.bench.compare.PeersReport} renders it.</li>
 * <li>One {@link org.decomp4j.bench.compare.Library} per peer ({@code *Lib}); raw LAPACKE
 *     {@code _work} calls with preallocated buffers in
 *     {@link org.decomp4j.bench.compare.RawLapacke}.</li>
 * </ul>
 */
package org.decomp4j.bench.compare;
