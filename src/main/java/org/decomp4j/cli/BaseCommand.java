package org.decomp4j.cli;

import java.util.concurrent.Callable;

import org.decomp4j.Cholesky;
import org.decomp4j.LinAlg;
import org.decomp4j.Lstsq;
import org.decomp4j.Lu;
import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.decomp4j.Qr;
import org.decomp4j.Svd;

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
        // The first call loads OpenBLAS (a few hundred ms) and the decomposition classes (tens of
        // ms): pay for both on a 2×2 matrix here, so that compute_seconds measures the
        // decomposition alone.
        try {
            warmUp();
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
        report.print(spec.commandLine().getOut(), common.json);
        return ExitCodes.OK;
    }

    private static void warmUp() {
        NativeConfig.threads();
        try (Matrix i = Matrix.identity(2); Svd s = Svd.of(i); Lu lu = Lu.of(i); Matrix x = lu.solve(i);
             Qr qr = Qr.of(i); Cholesky c = Cholesky.of(i); Lstsq l = LinAlg.lstsq(i, i)) {
            qr.q();
        }
    }

    /** Does the work, filling {@code report}; throws on failure (mapped by {@link ExitCodes}). */
    abstract void run(Report report) throws Exception;
}
