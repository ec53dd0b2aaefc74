/**
 * The engine, not a user API: executors that carry plans out ({@code SvdWork}, {@code EighWork}, {@code EigWork}), the small-matrix
 * Java SVDs, the sign convention, workspace guards, worker threads and the bridge to a matrix's
 * storage, and the element-wise algebra behind {@code Matrix} ({@code Elementwise}). Layer: below
 * the API, above {@code dispatch} and the {@code lapack} binding.
 */
package org.decomp4j.engine;
