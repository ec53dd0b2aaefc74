/**
 * Top-k SVDs: the plan-driven {@code LowRank} entry, truncated (gesvdx), randomized, Lanczos and
 * streaming SVDs. Layer: above the API.
 */
package org.decomp4j.lowrank;
