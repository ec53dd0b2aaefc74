package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LsaCommandTest {

    @Test
    @SuppressWarnings("unchecked")
    void builtInCorpusRanksCarDocumentsForAutomobile() {
        Map<String, Object> j = Cli.run("lsa", "--query", "automobile", "--json").json();
        List<String> ranking = (List<String>) j.get("ranking");
        assertEquals(21, ranking.size());
        for (int i = 0; i < 7; i++) {
            assertTrue(ranking.get(i).startsWith("cars-"), ranking.toString());
        }
        assertEquals(3.0, j.get("rank"));
        assertEquals(3, ((List<?>) j.get("concepts")).size());
        String text = Cli.run("lsa").ok();
        assertTrue(text.contains("concept 1"), text);
    }

    @Test
    @SuppressWarnings("unchecked")
    void folderOfDocuments(@TempDir Path dir) throws IOException {
        Path docs = Files.createDirectory(dir.resolve("docs"));
        Files.writeString(docs.resolve("pets1.txt"), "the dog and the cat sleep; a dog barks");
        Files.writeString(docs.resolve("pets2.txt"), "my cat chases the dog; puppy and kitten play");
        Files.writeString(docs.resolve("money1.txt"), "the bank pays interest on savings and loans");
        Files.writeString(docs.resolve("money2.txt"), "loans cost interest; the bank keeps savings");
        Map<String, Object> j = Cli.run("lsa", "--docs", docs, "--rank", 2, "--query", "kitten", "--json").json();
        List<String> ranking = (List<String>) j.get("ranking");
        assertTrue(ranking.subList(0, 2).containsAll(List.of("pets1.txt", "pets2.txt")), ranking.toString());
        assertTrue(Cli.run("lsa", "--docs", docs, "--rank", 5).fails(ExitCodes.BAD_INPUT).contains("rank 5 outside"));
        assertTrue(Cli.run("lsa", "--docs", docs, "--query", "zebra").fails(ExitCodes.BAD_INPUT).contains("zebra"));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertTrue(Cli.run("lsa", "--docs", empty).fails(ExitCodes.BAD_INPUT).contains("no documents"));
    }
}
