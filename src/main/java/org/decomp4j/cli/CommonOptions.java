package org.decomp4j.cli;

import org.decomp4j.NativeConfig;

import picocli.CommandLine.Option;

/** Options every command takes, declared once: {@code --json}, {@code --quiet} and {@code --threads}. */
final class CommonOptions {
    /** Most {@code --threads}: the binding's limit. */
    static final int MAX_THREADS = NativeConfig.MAX_THREADS;

    @Option(names = "--json", order = 90, description = "Print exactly one line of JSON on stdout and nothing else."
            + " On failure stdout stays empty and the message goes to stderr.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, order = 92, description = "No progress bar on stderr"
            + " (it is also off when stderr is not a terminal, and with --json).")
    boolean quiet;

    @Option(names = "--threads", order = 91, paramLabel = "N", description = "OpenBLAS threads for this run, 1 to 1024"
            + " (default: the decomp4j.threads setting).")
    Integer threads;

    /**
     * Applies {@code --threads} and returns what restores the previous count, so that running a
     * command inside a larger program (or a test) leaves the process-wide setting as it found it.
     *
     * @throws IllegalArgumentException if N &lt; 1
     */
    /** A progress bar for {@code task}, silent under {@code --quiet} or {@code --json}. */
    ProgressBars progress(String task) {
        return ProgressBars.open(task, quiet || json);
    }

    AutoCloseable applyThreads() {
        if (threads == null) {
            return () -> { };
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("--threads must be between 1 and " + MAX_THREADS
                    + ", got " + threads);
        }
        int before = NativeConfig.threads();
        NativeConfig.setThreads(threads);
        return () -> NativeConfig.setThreads(before);
    }
}
