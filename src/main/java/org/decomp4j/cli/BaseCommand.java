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
        // The first native call loads OpenBLAS (a few hundred ms): pay for it here, so that
        // compute_seconds measures the decomposition alone.
        NativeConfig.threads();
        AutoCloseable threads = common.applyThreads();
        try {
            run(report);
        } finally {
            threads.close();
        }
        report.print(spec.commandLine().getOut(), common.json);
        return ExitCodes.OK;
    }

    /** Does the work, filling {@code report}; throws on failure (mapped by {@link ExitCodes}). */
    abstract void run(Report report) throws Exception;
}
