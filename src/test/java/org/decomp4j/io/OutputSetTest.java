package org.decomp4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutputSet}: whole-or-nothing replacement, rollback, name rules, safe deletion, manifests. */
class OutputSetTest {
    @TempDir
    Path dir;

    private static void write(Path f, String text) throws IOException {
        Files.writeString(f, text);
    }

    @Test
    void aFailureAfterTheRenamesRollsBackToThePreviousSet() throws IOException {
        Path out = dir.resolve("out");
        OutputSet.in(out).add("A.npy", f -> write(f, "a1")).add("B.npy", f -> write(f, "b1")).commit();
        write(out.resolve("user.txt"), "mine");
        OutputSet next = OutputSet.in(out).add("A.npy", f -> write(f, "a2")).add("C.npy", f -> write(f, "c2"));
        next.afterMoves = () -> {
            throw new IllegalStateException("power cut, say");
        };
        assertThrows(IllegalStateException.class, next::commit);
        assertEquals(List.of(OutputSet.MANIFEST, "A.npy", "B.npy", "user.txt"), TestFiles.listing(out));
        assertEquals("a1", Files.readString(out.resolve("A.npy")));
        assertEquals("b1", Files.readString(out.resolve("B.npy")));
        assertEquals(List.of("A.npy", "B.npy"), OutputSet.readManifest(out.resolve(OutputSet.MANIFEST))
                .orElseThrow().members());
        // the same set without the failure replaces the previous one whole
        OutputSet.in(out).add("A.npy", f -> write(f, "a2")).add("C.npy", f -> write(f, "c2")).commit();
        assertEquals(List.of(OutputSet.MANIFEST, "A.npy", "C.npy", "user.txt"), TestFiles.listing(out));
    }

    @Test
    void aLinkAtATargetNameFailsBeforeAnyRename() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path outside = dir.resolve("outside.txt");
        write(outside, "outside");
        Files.createSymbolicLink(out.resolve("B.npy"), outside);
        IOException e = assertThrows(IOException.class,
                () -> OutputSet.in(out).add("A.npy", f -> write(f, "a")).add("B.npy", f -> write(f, "b")).commit());
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        assertEquals(List.of("B.npy"), TestFiles.listing(out));
        assertEquals("outside", Files.readString(outside));
    }

    @Test
    void namesThatAreNotPlainFileNamesAreRefused() {
        for (String bad : new String[] {"", ".", "..", "a/b", "a\\b", "nul\u0000", "tab\t", "\uFFFD", ".decomp4j-x",
            "y".repeat(256)}) {
            assertTrue(OutputSet.checkName(bad).isPresent(), "'" + bad + "' should be refused");
            assertThrows(IllegalArgumentException.class, () -> OutputSet.child(Path.of("/tmp"), bad));
        }
        for (String good : new String[] {"a", "...", "U.npy", "é", "y".repeat(255), ".hidden"}) {
            assertEquals(Optional.empty(), OutputSet.checkName(good), good);
        }
        assertEquals(Path.of("/tmp/a"), OutputSet.child(Path.of("/tmp"), "a"));
    }

    @Test
    void deleteTreeRemovesLinksAsLinksAndStaysUnderItsRoot() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside/sub"));
        write(outside.resolve("f.txt"), "keep");
        Path root = Files.createDirectories(dir.resolve("root/a"));
        write(root.resolve("x"), "x");
        Files.createSymbolicLink(root.resolve("link"), dir.resolve("outside"));
        Path linkRoot = Files.createSymbolicLink(dir.resolve("linkroot"), dir.resolve("outside"));
        OutputSet.deleteTree(dir.resolve("root"));
        OutputSet.deleteTree(linkRoot);
        OutputSet.deleteTree(dir.resolve("absent"));
        assertEquals(List.of("outside"), TestFiles.listing(dir));
        assertEquals("keep", Files.readString(outside.resolve("f.txt")));
    }

    @Test
    void manifestsRoundTripAndMarkOnlyDirectoriesHoldingTheirMembers() throws IOException {
        Path d = Files.createDirectories(dir.resolve("r"));
        OutputSet.Manifest m = new OutputSet.Manifest(Map.of("command", "svd \"quoted\" \\ back"), List.of("S.npy"));
        assertEquals(Optional.of("holds no .m.json"), OutputSet.notOwned(d, ".m.json"));
        OutputSet.writeManifest(d.resolve(".m.json"), m);
        write(d.resolve("S.npy"), "s");
        assertEquals(Optional.of(m), OutputSet.readManifest(d.resolve(".m.json")));
        assertEquals(Optional.empty(), OutputSet.notOwned(d, ".m.json"));
        write(d.resolve("notes.txt"), "n");
        assertEquals(Optional.of("holds notes.txt, which decomp4j did not write"), OutputSet.notOwned(d, ".m.json"));
        write(dir.resolve("junk.json"), "{not a manifest");
        assertEquals(Optional.empty(), OutputSet.readManifest(dir.resolve("junk.json")));
    }
}
