/**
 * The command line: picocli commands, one class each, reading and writing through {@code io}.
 * Layer: the top; nothing imports it.
 */
package org.decomp4j.cli;
