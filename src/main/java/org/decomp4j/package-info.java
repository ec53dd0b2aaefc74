/**
 * The API: {@link org.decomp4j.Matrix}, the decompositions and their results ({@code Svd}, {@code Lu},
 * {@code Qr}, {@code Cholesky}, {@code Lstsq}, {@code Eigh}, {@code Eig}, workspaces), options, exceptions, {@code LinAlg} and
 * {@code NativeConfig}. Layer: the top of the core; it plans in {@code dispatch} and runs in {@code engine}.
 */
package org.decomp4j;
