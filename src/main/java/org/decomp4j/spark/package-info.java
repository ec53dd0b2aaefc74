/**
 * decomp4j on Apache Spark: distributed tall-skinny QR and SVD ({@link org.decomp4j.spark.DistributedTsqr}),
 * randomized SVD of any shape, dense or sparse ({@link org.decomp4j.spark.DistributedRandomizedSvd}),
 * PCA ({@link org.decomp4j.spark.DistributedPca}, and as a spark.ml stage,
 * {@link org.decomp4j.spark.PcaEstimator}) and batches of small decompositions
 * ({@link org.decomp4j.spark.SparkBatch}), whose tasks run decomp4j's native kernels
 * ({@code geqrf}, {@code gesdd}, {@code gemm}), for rows held in a {@code Dataset<Row>} with a
 * spark.ml vector column, a {@code JavaRDD} of MLlib vectors, a {@code RowMatrix} or an
 * {@code IndexedRowMatrix}.
 *
 * <p>Spark is a {@code provided} dependency (Spark 4.0, Scala 2.13, Java 17): a Spark application
 * brings it; the decomp4j jar brings the native kernels, loaded once per executor JVM. Every task
 * holds the process-wide one-thread OpenBLAS lease, since an executor runs several tasks at once.
 * {@link org.decomp4j.spark.LocalSpark} starts the local sessions of the tests, the demo and the
 * benchmark, bound to the loopback address only.
 *
 * <p>Layer: above the API and the engine; nothing else in decomp4j imports it, and the module
 * does not require Spark (the package is not exported; on the module path it is unused).
 */
package org.decomp4j.spark;
