/**
 * Compressed sparse matrices as linear operators, with multi-threaded products.
 * Layer: above the API; it never densifies unless asked.
 */
package org.decomp4j.sparse;
