/**
 * Many decompositions on a pool of workers, each with its own reused workspaces, failures per input.
 * Layer: above the API and the engine.
 */
package org.decomp4j.batch;
