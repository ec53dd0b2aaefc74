/**
 * The batch issue's JMH benchmarks: many small decompositions through
 * {@code org.decomp4j.batch}.
 *
 * <ul>
 * <li>{@link org.decomp4j.bench.batch.SmallSvdBenchmark}: thin SVDs of small matrices on one
 *     thread, EJML against decomp4j's workspace paths and the batch API with one worker.</li>
 * <li>{@link org.decomp4j.bench.batch.BatchThroughputBenchmark}: batch throughput against
 *     EJML.</li>
 * <li>{@link org.decomp4j.bench.batch.BatchScalingBenchmark}: throughput against the number of
 *     workers.</li>
 * <li>{@link org.decomp4j.bench.batch.BatchCliBenchmark}: the batch CLI's file I/O against the
 *     in-memory API.</li>
 * </ul>
 *
 * <p>The huge single-matrix run that the batch issue also asked for is
 * {@link org.decomp4j.bench.scale.HugeSvd}.
 */
package org.decomp4j.bench.batch;
