package org.decomp4j.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java examples compile and run: each {@code java} block of README.md must stand,
 * line for line (indentation aside), in {@link ReadmeSnippets}, which the build compiles; each of its
 * snippet methods then runs on the inputs of {@link ReadmeFixtures}.
 */
class ReadmeSnippetsTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    static Path dir;

    @BeforeAll
    static void fixtures() throws IOException {
        ReadmeFixtures.write(dir);
        ReadmeSnippets.dir = dir;
    }

    static List<List<String>> readmeBlocks() throws IOException {
        Matcher m = JAVA_BLOCK.matcher(Files.readString(Path.of("README.md")));
        List<List<String>> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(stripped(m.group(1)));
        }
        return blocks;
    }

    private static List<String> stripped(String text) {
        return Arrays.stream(text.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void everyReadmeJavaBlockStandsVerbatimInTheCompiledSnippets() throws IOException {
        List<String> source = stripped(Files.readString(Path.of("src/test/java/org/decomp4j/readme/ReadmeSnippets.java")));
        List<List<String>> blocks = readmeBlocks();
        assertTrue(blocks.size() >= 5, "README java blocks found: " + blocks.size());
        for (List<String> block : blocks) {
            assertTrue(Collections.indexOfSubList(source, block) >= 0,
                    () -> "this README block is not in ReadmeSnippets.java (copy it there, verbatim, in a snippet"
                            + " method with the set-up it needs):\n" + String.join("\n", block));
        }
        assertEquals(blocks.size(), snippetMethods().size(), "one snippet method per README java block");
    }

    private static List<Method> snippetMethods() {
        return Arrays.stream(ReadmeSnippets.class.getDeclaredMethods())
                .filter(m -> m.getName().startsWith("snippet") && Modifier.isStatic(m.getModifiers()))
                .sorted(Comparator.comparingInt(m -> Integer.parseInt(m.getName().substring("snippet".length()))))
                .toList();
    }

    @TestFactory
    Stream<DynamicTest> everySnippetRuns() {
        return snippetMethods().stream().map(m -> DynamicTest.dynamicTest(m.getName(), () -> {
            m.setAccessible(true);
            m.invoke(null); // a snippet that throws fails here, with its exception as the cause
        }));
    }
}
