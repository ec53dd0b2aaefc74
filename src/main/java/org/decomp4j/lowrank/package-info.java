/**
 * Top-k SVDs: the plan-driven {@code LowRank} entry, truncated (gesvdx), randomized, Lanczos and
 * streaming SVDs, and their out-of-core twins for matrices on disk ({@code OutOfCoreSvd}: randomized,
 * single-pass streaming, exact TSQR). Layer: above the API.
 */
package org.decomp4j.lowrank;
