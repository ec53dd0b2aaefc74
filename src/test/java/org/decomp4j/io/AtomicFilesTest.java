package org.decomp4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AtomicFiles}: a target appears whole or not at all. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesTheContent() throws IOException {
        Path target = dir.resolve("out.bin");
        byte[] big = new byte[200_000]; // larger than the stream buffer
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        AtomicFiles.write(target, out -> out.write(big));
        assertArrayEquals(big, Files.readAllBytes(target));
        assertEquals(List.of("out.bin"), TestFiles.listing(dir), "no temporary file left");
    }

    @Test
    void failureHalfWayLeavesNoTargetAndNoTempFile() throws IOException {
        Path target = dir.resolve("half.npy");
        IOException boom = new IOException("disk full, say");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            out.flush();
            throw boom;
        }));
        assertSame(boom, thrown, "the content's own failure is rethrown");
        assertEquals(List.of(), TestFiles.listing(dir));
    }

    @Test
    void uncheckedFailureAlsoCleansUp() throws IOException {
        Path target = dir.resolve("x.csv");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("bug in a writer");
        }));
        assertEquals(List.of(), TestFiles.listing(dir));
    }

    @Test
    void failureKeepsTheOldTarget() throws IOException {
        Path target = dir.resolve("keep.txt");
        Files.writeString(target, "old content");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("new, partial".getBytes(StandardCharsets.US_ASCII));
            throw new IOException("stop");
        }));
        assertEquals("old content", Files.readString(target));
        assertEquals(List.of("keep.txt"), TestFiles.listing(dir));
    }

    @Test
    void successReplacesTheOldTarget() throws IOException {
        Path target = dir.resolve("r.txt");
        Files.writeString(target, "old content, longer than the new one");
        AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("new", Files.readString(target));
    }

    @Test
    void contentMayCloseItsStream() throws IOException {
        Path target = dir.resolve("c.txt");
        AtomicFiles.write(target, out -> {
            out.write('a');
            out.close();
        });
        assertEquals("a", Files.readString(target));
    }

    @Test
    void directoryTargetIsRefused() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        assertThrows(IOException.class, () -> AtomicFiles.write(sub, out -> out.write(1)));
        assertEquals(List.of("sub"), TestFiles.listing(dir));
    }
}
