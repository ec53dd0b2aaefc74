/**
 * File formats: {@code .npy}/{@code .npz}, Matrix Market, CSV, images, ratings and text, and atomic
 * writes of files and result sets. Layer: beside the core; it knows matrices, no decomposition.
 */
package org.decomp4j.io;
