/**
 * Applications of the SVD: PCA, matrix completion, latent semantic analysis, image compression and
 * denoising. Layer: above {@code lowrank} and {@code sparse}.
 */
package org.decomp4j.apps;
