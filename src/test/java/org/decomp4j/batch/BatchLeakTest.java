package org.decomp4j.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.decomp4j.Matrix;
import org.decomp4j.lapack.NativeBuffer;
import org.junit.jupiter.api.Test;

/**
 * One million 4×4 SVDs through the batch path with native memory flat: after the first
 * 100,000 the count of native allocations does not move, decomp4j's live native bytes never
 * rise above their first sample, and the process's resident memory (VmRSS) grows by less than a
 * small slack. Surefire runs this class in the fixed-heap JVM of the {@code native-memory}
 * execution (pom.xml), so first-touched heap pages cannot pass for native growth.
 */
class BatchLeakTest {
    private static final long MATRICES = 1_000_000;
    private static final long SAMPLE_EVERY = 100_000;

    private static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void aMillionSmallSvdsKeepNativeMemoryFlat() {
        List<Matrix> pool = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            pool.add(Matrix.random(4, 4, i));
        }
        Iterator<BatchInput> inputs = new Iterator<>() {
            private long i;

            @Override
            public boolean hasNext() {
                return i < MATRICES;
            }

            @Override
            public BatchInput next() {
                return BatchInput.of("#" + i, pool.get((int) (i++ & 63)));
            }
        };
        List<long[]> samples = new ArrayList<>(); // done, allocations, live bytes, rss
        AtomicLong checksum = new AtomicLong();
        BatchSummary sum = BatchRunner.withJobs(2).order(BatchRunner.Order.COMPLETION)
                .progress((done, total, message) -> {
                    if (done % SAMPLE_EVERY == 0) {
                        samples.add(new long[] {done, NativeBuffer.allocations(), NativeBuffer.liveBytes(), rssBytes()});
                    }
                })
                .run(inputs, Decompositions.svd(), r -> {
                    if (!r.ok()) {
                        throw new IllegalStateException(r.name() + " failed", r.error());
                    }
                    checksum.addAndGet(Double.doubleToLongBits(r.factor("S").data()[0]) & 1);
                });
        pool.forEach(Matrix::close);
        assertEquals(MATRICES, sum.done());
        assertEquals(0, sum.failed());
        assertEquals(MATRICES / SAMPLE_EVERY, samples.size());
        long[] first = samples.get(0);
        long[] last = samples.get(samples.size() - 1);
        StringBuilder table = new StringBuilder();
        for (long[] s : samples) {
            table.append(String.format("%n  %,9d done: %d allocations, %d live bytes, RSS %.1f MiB", s[0], s[1], s[2],
                    s[3] / 1048576.0));
        }
        System.out.println("BatchLeakTest samples:" + table);
        for (long[] s : samples) {
            assertEquals(first[1], s[1], "native allocations moved after warm-up:" + table);
            // never above the first sample (the last may be lower: a worker that ran out of input
            // closes its kernel while the other still delivers)
            assertTrue(s[2] <= first[2], "live native bytes grew:" + table);
        }
        long growth = last[3] - first[3];
        assertTrue(growth < 24L << 20, "RSS grew by " + growth / 1048576.0 + " MiB over 900,000 SVDs:" + table);
    }
}
