/**
 * Large problems, measured once or a few times: the low-rank methods at the issue-3 sizes and the
 * opt-in huge SVD.
 *
 * <ul>
 * <li>{@link org.decomp4j.bench.scale.RandomizedSvdBenchmark} (JMH, single-shot): randomized
 *     top-k against the full {@code gesdd} SVD of a 20000×2000 matrix.</li>
 * <li>{@link org.decomp4j.bench.scale.ComplexSvdBenchmark} (JMH, single-shot): thin complex SVD
 *     ({@code zgesdd}/{@code cgesdd}) of 1000×1000, with the real F64 SVD of the same size.</li>
 * <li>{@link org.decomp4j.bench.scale.SparseScale} ({@code main}): sparse top-20 of
 *     200000×50000 with 2 million non-zeros, with the products it uses.</li>
 * <li>{@link org.decomp4j.bench.scale.StreamingScale} ({@code main}): streaming SVD of 1 million
 *     rows × 200.</li>
 * <li>{@link org.decomp4j.bench.scale.HugeSvd} ({@code main}): singular values of a
 *     5,000,000×500 float32 matrix (more than 2³¹ elements) read from .npy.</li>
 * <li>{@code MemoryProbe}: peak resident, heap and native memory while a {@code main} program
 *     runs.</li>
 * </ul>
 */
package org.decomp4j.bench.scale;
