package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.decomp4j.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed native allocation runs a GC and cleaner pass and retries before it reports. */
class NativeAllocationRetryTest {
    @TempDir
    Path dir;

    @Test
    void forgottenMatricesUnderAnAddressSpaceLimitAreReclaimedByTheRetry() throws Exception {
        // 1000 forgotten 8 MiB matrices (8 GiB in all) under a 4 GB address-space limit: without the
        // GC-and-retry, malloc fails at about 2–3 GiB live, all of it garbage.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "ulimit -v 4000000 && exec '" + java + "' -Xmx64m -XX:ReservedCodeCacheSize=32m"
                + " -XX:CompressedClassSpaceSize=64m -XX:+UseSerialGC -cp '" + System.getProperty("java.class.path")
                + "' " + ForgetfulAllocator.class.getName() + " 1000";
        Path log = dir.resolve("log");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MALLOC_ARENA_MAX", "2"); // glibc reserves 64 MiB of address space per arena
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("survived 1000 forgotten matrices"), out);
    }

    @Test
    void aFailedMallocIsRetriedAfterTheGcPass() {
        NativeBuffer.FAIL_NEXT_MALLOCS.set(1);
        try (NativeBuffer b = NativeBuffer.allocate(DType.F64, 1000)) {
            assertEquals(1000, b.length());
            assertEquals(0, NativeBuffer.FAIL_NEXT_MALLOCS.get(), "the first malloc was refused, the retry served");
        } finally {
            NativeBuffer.FAIL_NEXT_MALLOCS.set(0);
        }
    }

    @Test
    void aPersistentFailureSaysWhatWasAskedWhatIsLiveWhatWasFreedAndTheFix() {
        NativeBuffer.FAIL_NEXT_MALLOCS.set(1000);
        try {
            OutOfMemoryError e = assertThrows(OutOfMemoryError.class, () -> NativeBuffer.allocate(DType.F64, 1000));
            String m = e.getMessage();
            assertTrue(m.contains("cannot allocate 7.8 KiB off-heap for 1000 F64 elements"), m);
            assertTrue(m.contains("is live"), m);
            assertTrue(m.contains("freed by a GC pass, so that much had been unreachable"), m);
            assertTrue(m.contains("Close matrices") && m.contains("raise the process's memory limit"), m);
        } finally {
            NativeBuffer.FAIL_NEXT_MALLOCS.set(0);
        }
    }
}
