/**
 * decomp4j's own cost against the same LAPACKE call on the same data (the core issue's ≤ 1.03×
 * and &lt; 1 µs targets).
 *
 * <ul>
 * <li>{@link org.decomp4j.bench.overhead.LargeOverheadBenchmark} (JMH): the one-call API
 *     ({@code Svd.of}, {@code Lu.of}, {@code Qr.of}, {@code Cholesky.of}) at n = 256, 512, 1024.</li>
 * <li>{@link org.decomp4j.bench.overhead.SmallOverheadBenchmark} (JMH): {@code SvdWorkspace} at
 *     n = 4, 16.</li>
 * <li>{@link org.decomp4j.bench.overhead.Paired} ({@code main}): the one pairing harness,
 *     decomp4j and raw LAPACKE timed in interleaved pairs, over the two benchmarks' states or
 *     over one operation of the library comparison.</li>
 * </ul>
 *
 * <p>The raw side is {@link org.decomp4j.bench.compare.RawLapacke}, shared with the library
 * comparison; {@code run-overhead.sh} renders the JMH results with
 * {@link org.decomp4j.bench.compare.Report}. Nothing in {@code compare} depends on this package.
 */
package org.decomp4j.bench.overhead;
