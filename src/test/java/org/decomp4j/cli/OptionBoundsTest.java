package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.decomp4j.NativeConfig;
import org.decomp4j.TestMatrices;
import org.decomp4j.batch.BatchRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every count option is bounded before work starts: refused with the limit, or lowered with a note. */
class OptionBoundsTest {
    @TempDir
    Path dir;

    @Test
    void batchJobsNearTheIntegerLimitIsRefusedAtOnceNamingTheOptionAndTheLimit() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Cli.npy(in, "a.npy", TestMatrices.gaussian(4, 4, 1));
        long t0 = System.nanoTime();
        String err = Cli.run("batch", "svd", "--in", in, "--out", dir.resolve("out"), "--jobs", Integer.MAX_VALUE)
                .fails(ExitCodes.BAD_INPUT);
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "refused before creating threads");
        assertTrue(err.contains("--jobs must be between 1 and 1024, got 2147483647"), err);
        assertTrue(Cli.list(dir.resolve("out")).isEmpty(), "nothing written");
    }

    @Test
    void batchJobsAboveFourPerProcessorIsLoweredWithANote() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Cli.npy(in, "a.npy", TestMatrices.gaussian(4, 4, 1));
        int cpus = Runtime.getRuntime().availableProcessors();
        int most = Math.min(1024, 4 * cpus);
        Cli.Run r = Cli.run("batch", "svd", "--in", in, "--out", dir.resolve("out"), "--jobs", 1024, "--json");
        Map<String, Object> j = MiniJson.object(r.ok().strip());
        assertEquals((double) most, j.get("jobs"));
        if (most < 1024) {
            assertTrue(r.err().contains("--jobs 1024 lowered to " + most), r.err());
        }
    }

    @Test
    void theApiRefusesAbsurdWorkerAndThreadCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BatchRunner.withJobs(Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("between 1 and 1024, got 2147483647"), e.getMessage());
        assertEquals(1024, BatchRunner.withJobs(1024).jobs());
        e = assertThrows(IllegalArgumentException.class, () -> NativeConfig.setThreads(Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("between 1 and 1024, got 2147483647"), e.getMessage());
    }

    @Test
    void threadsAboveTheLimitIsRefusedNamingTheOption() throws Exception {
        Path a = Cli.npy(dir, "a.npy", TestMatrices.gaussian(4, 4, 1));
        String err = Cli.run("rank", "--in", a, "--threads", 100_000).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("--threads must be between 1 and 1024, got 100000"), err);
    }

    @Test
    void rsvdCountsAreRefusedWithTheirLimits() throws Exception {
        Path a = Cli.npy(dir, "a.npy", TestMatrices.gaussian(20, 10, 1));
        String err = Cli.run("rsvd", "--in", a, "--rank", 2, "--oversample", Integer.MAX_VALUE).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("--oversample must be between 0 and 10000, got 2147483647"), err);
        err = Cli.run("rsvd", "--in", a, "--rank", 2, "--power-iters", 1_000_000).fails(ExitCodes.BAD_INPUT);
        assertTrue(err.contains("--power-iters must be between 0 and 100, got 1000000"), err);
    }
}
