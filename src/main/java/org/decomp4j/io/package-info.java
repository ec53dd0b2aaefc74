/**
 * File formats: {@code .npy}/{@code .npz}, Matrix Market, CSV (from files or, with no temporary file,
 * from an {@code InputStream}, whose format {@code MatrixFiles} can sniff), images, ratings and text, and atomic
 * writes of files and result sets; matrices that stay on disk ({@code DiskMatrix}: a {@code .npy}
 * file or ordered shards read by row blocks, as a {@code LinearOperator} and a {@code RowBlockSource}),
 * a row-block {@code .npy} writer and scratch files. Layer: beside the core; it knows matrices, no decomposition.
 */
package org.decomp4j.io;
