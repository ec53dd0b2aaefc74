package org.decomp4j.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.decomp4j.NativeConfig;
import org.decomp4j.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * Every command line the README shows is run, as written, on the small inputs of
 * {@link ReadmeFixtures}: the lines of its {@code bash} blocks that call
 * {@code java -jar target/decomp4j-cli.jar}, and the {@code `decomp4j …`} spans in its prose. An
 * optional group such as {@code [--driver gelsd|gelsy|gelss]} runs once without it and once per
 * alternative. Each must exit 0 (and a {@code --json} run print one JSON line); a README line that
 * names an input the fixtures lack fails, so a new example cannot go untested.
 */
class ReadmeCliTest {
    private static final Path README = Path.of("README.md");
    private static final String JAR = "java -jar target/decomp4j-cli.jar ";
    private static final Pattern PROSE = Pattern.compile("`decomp4j ([^`]+)`");
    private static final Pattern OPTIONAL = Pattern.compile("\\[([^\\]]+)\\]");
    private static final Pattern FILE_LIKE = Pattern.compile("^[\\w.-]+(/|\\.(npy|npz|csv|tsv|txt|mtx|data|png|json))$");
    private static final Pattern TOKEN = Pattern.compile("\"([^\"]*)\"|(\\S+)");

    @TempDir
    static Path dir;

    @BeforeAll
    static void fixtures() throws IOException {
        ReadmeFixtures.write(dir);
    }

    /** The README's command lines, each as the argument string after the program name. */
    static List<String> commandLines() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        boolean bash = false;
        for (String line : Files.readAllLines(README)) {
            if (line.startsWith("```")) {
                bash = !bash && line.startsWith("```bash");
                continue;
            }
            if (bash) {
                int at = line.indexOf(JAR);
                if (at >= 0) {
                    out.add(stripComment(line.substring(at + JAR.length())));
                }
            } else {
                Matcher m = PROSE.matcher(line);
                while (m.find()) {
                    out.add(m.group(1).trim());
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static String stripComment(String s) {
        Matcher m = Pattern.compile("\\s#").matcher(s);
        return (m.find() ? s.substring(0, m.start()) : s).trim();
    }

    /** A line with optional groups becomes one line without them and one per alternative of each. */
    static List<String> variants(String line) {
        Matcher m = OPTIONAL.matcher(line);
        if (!m.find()) {
            return List.of(line);
        }
        String before = line.substring(0, m.start());
        String after = line.substring(m.end());
        List<String> out = new ArrayList<>(variants((before + after).replaceAll("\\s+", " ").trim()));
        String group = m.group(1).trim();
        int sp = group.lastIndexOf(' ');
        String option = sp < 0 ? "" : group.substring(0, sp + 1);
        for (String alt : group.substring(sp + 1).split("\\|")) {
            out.addAll(variants((before + option + alt + after).replaceAll("\\s+", " ").trim()));
        }
        return out;
    }

    @Test
    void theReadmeShowsTheCommandsThisTestRuns() throws IOException {
        List<String> lines = commandLines();
        assertTrue(lines.size() >= 20, () -> "found only " + lines);
        assertTrue(lines.contains("demo"), () -> "the main job, demo, should be in the README: " + lines);
        assertEquals(List.of("lstsq --in A.npy --rhs B.npy --out x/", "lstsq --in A.npy --rhs B.npy --out x/ --driver gelsd",
                "lstsq --in A.npy --rhs B.npy --out x/ --driver gelsy", "lstsq --in A.npy --rhs B.npy --out x/ --driver gelss"),
                variants("lstsq --in A.npy --rhs B.npy --out x/ [--driver gelsd|gelsy|gelss]"));
    }

    @TestFactory
    Stream<DynamicTest> everyReadmeCommandLineRuns() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (String line : commandLines()) {
            for (String v : variants(line)) {
                int k = i++;
                tests.add(DynamicTest.dynamicTest("decomp4j " + v, () -> runLine(v, dir.resolve("out" + k))));
            }
        }
        return tests.stream();
    }

    private static void runLine(String line, Path outRoot) throws IOException {
        Files.createDirectories(outRoot);
        List<String> args = new ArrayList<>();
        Matcher t = TOKEN.matcher(line);
        String previous = "";
        Path stdin = null; // a shell redirection "< FILE" (a fixture) feeds standard input
        Path stdout = null; // "> FILE" captures standard output, for --out -
        while (t.find()) {
            String tok = t.group(1) != null ? t.group(1) : t.group(2);
            if (previous.equals("<") || previous.equals(">")) {
                if (previous.equals("<")) {
                    assertTrue(ReadmeFixtures.INPUTS.containsKey(tok), () -> "the README redirects from " + t.group()
                            + ", which ReadmeFixtures does not provide");
                    stdin = dir.resolve(tok);
                } else {
                    stdout = outRoot.resolve(tok);
                }
                previous = "";
                continue;
            }
            if (tok.equals("<") || tok.equals(">")) {
                previous = tok;
                continue;
            }
            if (previous.equals("--out") && tok.equals("-")) {
                args.add(tok); // standard output, captured below
                previous = tok;
                continue;
            }
            if (previous.equals("--out")) {
                tok = outRoot.resolve(tok).toString();
            } else if (ReadmeFixtures.INPUTS.containsKey(tok)) {
                tok = dir.resolve(tok).toString();
            } else if (t.group(1) == null && FILE_LIKE.matcher(tok).matches()) {
                fail("the README line 'decomp4j " + line + "' names the input " + tok
                        + ", which ReadmeFixtures does not provide: add it there");
            }
            args.add(tok);
            previous = tok;
        }
        int threads = NativeConfig.threads(); // --threads is process-wide: give the next test what it had
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        java.io.InputStream oldIn = System.in;
        java.io.PrintStream oldOut = System.out;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            // a line that reads '-' gets what it redirects, never the test JVM's own standard input
            if (args.contains("-")) {
                System.setIn(new java.io.ByteArrayInputStream(stdin == null ? new byte[0] : Files.readAllBytes(stdin)));
            }
            if (stdout != null) {
                System.setOut(new java.io.PrintStream(bytes, true));
            }
            // built after System.out is replaced: picocli's writers must not be made over the old one
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(args.toArray(String[]::new));
        } finally {
            System.setIn(oldIn);
            System.setOut(oldOut);
            NativeConfig.setThreads(threads);
        }
        assertEquals(0, code, () -> "decomp4j " + line + "\nstdout: " + out + "\nstderr: " + err);
        boolean matrixOnStdout = false;
        for (int k = 1; k < args.size(); k++) {
            matrixOnStdout |= args.get(k).equals("-") && args.get(k - 1).equals("--out");
        }
        if (matrixOnStdout) {
            assertTrue(stdout != null, () -> "decomp4j " + line + ": --out - needs '> FILE' in the README line");
            assertTrue(out.toString().isEmpty(), () -> "--out -: nothing but the matrix on stdout: " + out);
            Files.write(stdout, bytes.toByteArray());
            try (org.decomp4j.Matrix m = org.decomp4j.io.Npy.read(stdout)) { // a whole .npy, nothing after it
                assertTrue(m.rows() >= 0);
            }
        }
        if (args.contains("--json")) {
            String json = (matrixOnStdout ? err : out).toString().strip();
            assertFalse(json.contains("\n"), () -> "--json should print one line: " + out);
            assertTrue(json.startsWith("{") && json.endsWith("}"), () -> "--json should print a JSON object: " + out);
        }
    }
}
