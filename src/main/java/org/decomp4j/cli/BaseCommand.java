package org.decomp4j.cli;

import java.util.concurrent.Callable;

import org.decomp4j.NativeConfig;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The frame every command shares: {@code --json} and {@code --threads}, a {@link Report} to fill,
 * printing it through the command's own writer. Failures are not caught here: they travel to
 * {@link ExitCodes}, the one place that maps them to exit codes and messages.
 */
abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    /**
     * Runs the command and prints its report.
     *
     * @return {@link ExitCodes#OK}; failures are thrown
     */
    @Override
    public Integer call() throws Exception {
        Report report = new Report(spec.name());
        // The native library loads here, as NumPy is imported before its first call: a failure to
        // load is reported as such, and compute_seconds does not include it. Nothing else is
        // warmed up (this used to run every decomposition on a 2×2 matrix, which hid the first
        // call's class loading from compute_seconds and cost every command 0.1-0.2 s of start-up):
        // compute_seconds is the first call's real time (issue 18).
        try {
            NativeConfig.threads();
        } catch (OutOfMemoryError e) {
            throw new ExitCodes.OutOfMemory(e);
        } catch (UnsatisfiedLinkError e) {
            // OpenBLAS (or JavaCPP) cannot load: the binding's message names the cause and the fix
            throw new ExitCodes.NativeLoadFailure(e);
        }
        AutoCloseable threads = common.applyThreads();
        try {
            run(report);
        } catch (OutOfMemoryError e) {
            // picocli hands Errors straight to the JVM (a trace, exit 1); a request larger than the
            // process may allocate is a usage outcome: exit 2 with one line (ExitCodes)
            throw new ExitCodes.OutOfMemory(e);
        } finally {
            threads.close();
        }
        // under --out - standard output carries the matrix alone: the report moves to standard error
        report.print(matrixOnStdout() ? spec.commandLine().getErr() : spec.commandLine().getOut(), common.json);
        return ExitCodes.OK;
    }

    /** True when {@code --out -} sends the result matrix to standard output. */
    private boolean matrixOnStdout() {
        picocli.CommandLine.Model.OptionSpec out = spec.findOption("--out");
        return out != null && out.getValue() instanceof java.nio.file.Path p && Outputs.isStdout(p);
    }

    /** Does the work, filling {@code report}; throws on failure (mapped by {@link ExitCodes}). */
    abstract void run(Report report) throws Exception;
}
