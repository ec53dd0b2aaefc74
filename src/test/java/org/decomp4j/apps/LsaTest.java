package org.decomp4j.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.decomp4j.io.MatrixFormatException;
import org.decomp4j.io.TextDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsaTest {

    private static Set<String> topNames(List<Lsa.Hit> hits, int n) {
        return hits.subList(0, n).stream().map(Lsa.Hit::name).collect(Collectors.toSet());
    }

    private static Set<String> topic(String prefix) {
        Set<String> s = new HashSet<>();
        for (int i = 1; i <= 7; i++) {
            s.add(prefix + "-" + i);
        }
        return s;
    }

    @Test
    void synonymQueriesRankTheirTopicFirstEvenWithoutTheWord() {
        List<Lsa.Document> corpus = Lsa.defaultCorpus();
        Lsa lsa = Lsa.fit(corpus, 3);
        for (String[] q : new String[][] {{"automobile", "cars"}, {"pastry", "baking"}, {"cosmos", "space"}}) {
            List<Lsa.Hit> hits = lsa.query(q[0]);
            assertEquals(topic(q[1]), topNames(hits, 7), q[0] + ": " + hits);
            // the word occurs in only two documents of the topic: the other five were found through
            // the concept, and they still rank above every document of the other topics
            long containing = corpus.stream().filter(d -> d.name().startsWith(q[1]))
                    .filter(d -> Lsa.tokenize(d.text()).contains(q[0])).count();
            assertEquals(2, containing, q[0]);
            assertTrue(hits.get(6).cosine() > hits.get(7).cosine() + 0.2, hits.toString());
        }
    }

    @Test
    void aDocumentFoldedInLandsOnItsOwnCoordinates() {
        List<Lsa.Document> corpus = Lsa.defaultCorpus();
        for (int k : new int[] {2, 3, 5, 21}) { // 21 = every document: the dense path
            Lsa lsa = Lsa.fit(corpus, k);
            double[] s = lsa.singularValues();
            for (int j = 0; j < corpus.size(); j += 4) {
                // d_j = U·Σ·Vᵀe_j, so Uₖᵀd_j = Σₖ·vⱼ exactly: folding in the document's own text gives its row
                double[] q = lsa.foldIn(corpus.get(j).text());
                double[] v = lsa.documentVector(j);
                for (int c = 0; c < k; c++) {
                    // exact in exact arithmetic; Lanczos stops at residuals of 1e-10·σ₁
                    assertEquals(v[c], s[c] * q[c], 1e-8, "k=" + k + " doc " + j);
                }
                List<Lsa.Hit> hits = lsa.query(corpus.get(j).text());
                assertEquals(1.0, hits.get(0).cosine(), 1e-8);
            }
        }
    }

    @Test
    void conceptsAreTheTopics() {
        Lsa lsa = Lsa.fit(Lsa.defaultCorpus(), 3);
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < 3; c++) {
            List<String> words = lsa.topTerms(c, 5).stream().map(Lsa.TermWeight::term).toList();
            if (words.contains("engine") || words.contains("car")) {
                seen.add("cars");
            }
            if (words.contains("flour") || words.contains("dough") || words.contains("butter")) {
                seen.add("baking");
            }
            if (words.contains("telescope") || words.contains("star") || words.contains("planet")) {
                seen.add("space");
            }
            List<Lsa.TermWeight> tw = lsa.topTerms(c, 5);
            for (int i = 1; i < tw.size(); i++) {
                assertTrue(tw.get(i - 1).weight() >= tw.get(i).weight());
            }
        }
        assertEquals(Set.of("cars", "baking", "space"), seen);
    }

    @Test
    void tokenizerLowercasesAndDropsStopWordsAndShortTokens() {
        assertEquals(List.of("car", "engine", "cars", "2024"), Lsa.tokenize("The Car's ENGINE, 2 cars in 2024!"));
        assertEquals(List.of("café", "crème"), Lsa.tokenize("a café; crème"));
    }

    @Test
    void badInputIsRefused() {
        List<Lsa.Document> two = List.of(new Lsa.Document("a", "red green blue"), new Lsa.Document("b", "green"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lsa.fit(two, 3));
        assertTrue(e.getMessage().contains("rank 3 outside 1..2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Lsa.fit(List.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> Lsa.fit(List.of(new Lsa.Document("x", "the a of")), 1));
        Lsa lsa = Lsa.fit(two, 1);
        IllegalArgumentException q = assertThrows(IllegalArgumentException.class, () -> lsa.query("purple"));
        assertTrue(q.getMessage().contains("purple"), q.getMessage());
        assertThrows(IllegalArgumentException.class, () -> lsa.topTerms(1, 3));
    }

    @Test
    void documentsFromAFolderOrOneFile(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectory(dir.resolve("docs"));
        Files.writeString(folder.resolve("b.txt"), "second document");
        Files.writeString(folder.resolve("a.txt"), "first document");
        Files.writeString(folder.resolve(".hidden"), "skipped");
        List<TextDocuments.Named> d = TextDocuments.read(folder);
        assertEquals(List.of("a.txt", "b.txt"), d.stream().map(TextDocuments.Named::name).toList());
        Path lines = Files.writeString(dir.resolve("lines.txt"), "one doc\n\nanother doc\n");
        List<TextDocuments.Named> l = TextDocuments.read(lines);
        assertEquals(List.of("line 1", "line 3"), l.stream().map(TextDocuments.Named::name).toList());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertTrue(assertThrows(MatrixFormatException.class, () -> TextDocuments.read(empty)).getMessage()
                .contains("no documents"));
        Path binary = Files.write(dir.resolve("bin.txt"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x41});
        assertFalse(assertThrows(MatrixFormatException.class, () -> TextDocuments.read(binary)).getMessage()
                .isEmpty());
    }

    @Test
    void theSparseSvdReportsItsRestarts() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        Lsa lsa = Lsa.fit(Lsa.defaultCorpus(), 3, (done, total, message) -> seen.add(message));
        assertEquals(3, lsa.rank());
        // restarted Lanczos reports at least its first restart; a rank-3 model of the built-in corpus converges in a few
        org.junit.jupiter.api.Assertions.assertFalse(seen.isEmpty(), "no progress reported");
    }
}
