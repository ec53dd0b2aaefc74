/**
 * The binding, the only package that imports {@code org.bytedeco}: one class per routine family,
 * workspace queries, {@code info} to exceptions, off-heap buffers, OpenBLAS threads, deep-stack threads.
 * Layer: the bottom; it imports only the foundation types (dtype, job, driver, exceptions).
 */
package org.decomp4j.lapack;
