package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's {@code --json} line against its documented schema ({@code src/docs/cli-json.md}):
 * the line parses, every key the page marks <i>always</i> is present (the common keys included, for
 * every command but {@code info}), the conditional keys appear when their option is given, and no
 * key appears that the page does not list. A key added to a command without a line in the page
 * fails here, and so does a documented key a command stops printing.
 */
class CliJsonSchemaTest {
    private static final Path SCHEMA = Path.of("src/docs/cli-json.md");
    private static final Pattern SECTION = Pattern.compile("^## (?:`([a-z]+)`|Common keys.*)$");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_0-9]+)` \\| [^|]+ \\| ([^|]+) \\|");

    /** A documented key: whether it is always printed. */
    record Key(String name, boolean always) {
    }

    private static Map<String, List<Key>> schema;

    @TempDir
    static Path dir;

    @BeforeAll
    static void readSchema() throws IOException {
        schema = new LinkedHashMap<>();
        List<Key> current = null;
        for (String line : Files.readAllLines(SCHEMA)) {
            Matcher s = SECTION.matcher(line);
            if (s.matches()) {
                current = new ArrayList<>();
                schema.put(s.group(1) == null ? "*" : s.group(1), current);
                continue;
            }
            Matcher r = ROW.matcher(line);
            if (r.find() && current != null) {
                current.add(new Key(r.group(1), r.group(2).strip().equals("always")));
            }
        }
        assertTrue(schema.containsKey("*"), "the common table");
    }

    /** Checks one run's line against the page; returns the keys it printed. */
    private static Set<String> check(String command, Object... args) {
        Map<String, Object> json = Cli.run(args).json();
        assertEquals(command, json.get("command"));
        List<Key> own = schema.get(command);
        assertTrue(own != null, () -> "src/docs/cli-json.md has no section for " + command);
        List<Key> known = new ArrayList<>(own);
        if (!command.equals("info")) {
            known.addAll(schema.get("*"));
        } else {
            known.add(new Key("command", true));
        }
        Set<String> names = new LinkedHashSet<>();
        for (Key k : known) {
            names.add(k.name());
            if (k.always() && !(command.equals("batch") && k.name().equals("outputs"))
                    && !(k.name().equals("outputs") && !json.containsKey("outputs") && writesNothing(command))) {
                assertTrue(json.containsKey(k.name()), () -> command + ": documented key '" + k.name()
                        + "' missing from " + json.keySet());
            }
        }
        for (String k : json.keySet()) {
            assertTrue(names.contains(k), () -> command + ": key '" + k + "' is not in src/docs/cli-json.md");
        }
        return json.keySet();
    }

    /** Commands that write no files, so print no {@code outputs}. */
    private static boolean writesNothing(String command) {
        return Set.of("rank", "cond", "recommend", "lsa", "demo").contains(command);
    }

    @Test
    void everyCommandPrintsItsDocumentedKeys() throws IOException {
        Path a = Cli.npy(dir, "a.npy", new double[][] {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}});
        Path b = Cli.npy(dir, "b.npy", new double[][] {{1}, {2}, {3}});
        Path singular = Cli.npy(dir, "s.npy", new double[][] {{1, 2}, {2, 4}});
        Path many = Files.createDirectories(dir.resolve("many"));
        Cli.npy(many, "x.npy", new double[][] {{2, 1}, {1, 2}});
        Path ratings = ratings();
        Path png = dir.resolve("p.png");
        ImageIO.write(new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB), "png", png.toFile());

        check("svd", "svd", "--in", a, "--json");
        check("lu", "lu", "--in", a, "--json");
        assertTrue(check("lu", "lu", "--in", singular, "--json").contains("zero_pivot"));
        check("qr", "qr", "--in", a, "--json");
        assertTrue(check("qr", "qr", "--in", a, "--pivot", "--json").contains("rank"));
        check("cholesky", "cholesky", "--in", a, "--json");
        check("eigh", "eigh", "--in", a, "--json");
        check("eigh", "eigh", "--in", a, "--b", a, "--subset-by-index", "0", "1", "--out", dir.resolve("eo"), "--json");
        check("eig", "eig", "--in", a, "--left", "--out", dir.resolve("go"), "--json");
        check("solve", "solve", "--in", a, "--rhs", b, "--json");
        check("lstsq", "lstsq", "--in", a, "--rhs", b, "--json");
        assertTrue(check("lstsq", "lstsq", "--in", a, "--rhs", b, "--driver", "gelsy", "--json")
                .containsAll(Set.of("fast_path", "rcond_estimate", "fast_path_bound")));
        check("pinv", "pinv", "--in", a, "--json");
        check("rank", "rank", "--in", a, "--json");
        check("cond", "cond", "--in", a, "--json");
        check("tsvd", "tsvd", "--in", a, "--rank", 2, "--json");
        check("rsvd", "rsvd", "--in", a, "--rank", 2, "--json");
        check("pca", "pca", "--in", a, "--json");
        // out of core: a file larger than --budget, and rsvd's single pass
        Path tall = Cli.npy(dir, "tall.npy", org.decomp4j.io.NpyFiles.gaussian(3000, 20, 2));
        assertTrue(check("svd", "svd", "--in", tall, "--budget", "200K", "--out", dir.resolve("so"), "--json")
                .contains("passes"));
        assertTrue(check("tsvd", "tsvd", "--in", tall, "--rank", 2, "--budget", "200K", "--out", dir.resolve("to"),
                "--json").contains("bytes_read"));
        assertTrue(check("rsvd", "rsvd", "--in", tall, "--rank", 2, "--budget", "1M", "--json")
                .contains("read_gb_per_s"));
        assertTrue(check("rsvd", "rsvd", "--in", tall, "--rank", 2, "--single-pass", "--json")
                .contains("peak_native_bytes"));
        assertTrue(check("pca", "pca", "--in", tall, "--components", 2, "--budget", "200K", "--out", dir.resolve("po"),
                "--json").contains("fit_passes"));
        assertTrue(check("recommend", "recommend", "--ratings", ratings, "--rank", 2, "--user", "u1", "--json")
                .contains("recommendations"));
        check("recommend", "recommend", "--ratings", ratings, "--rank", 2, "--test-fraction", 0, "--json");
        assertTrue(check("lsa", "lsa", "--query", "engine", "--json").contains("ranking"));
        assertTrue(check("compress", "compress", "--in", png, "--rank", 2, "--out", dir.resolve("c.png"), "--sweep",
                "--sweep-ranks", "1,2", "--json").contains("sweep"));
        assertTrue(check("denoise", "denoise", "--in", a, "--reference", a, "--rank", 1, "--json")
                .contains("snr_after"));
        assertTrue(check("batch", "batch", "svd", "--in", many, "--out", dir.resolve("bo"), "--memory", "--json")
                .contains("native_peak_bytes"));
        check("info", "info", "--json");
        check("demo", "demo", "--json");
        // every command of Main has a section (and was run above)
        Set<String> commands = new LinkedHashSet<>(Main.commandLine().getSubcommands().keySet());
        commands.removeAll(schema.keySet());
        assertEquals(Set.of(), commands, "commands without a section in src/docs/cli-json.md");
    }

    @Test
    void batchWritesNullForWhatDiffersPerInput() throws IOException {
        Path many = Files.createDirectories(dir.resolve("many2"));
        Cli.npy(many, "x.npy", new double[][] {{2, 1}, {1, 2}});
        Cli.npy(many, "y.npy", new double[][] {{1, 2, 3}});
        Map<String, Object> j = MiniJson.object(Cli.run("batch", "svd", "--in", many, "--out", dir.resolve("bo2"),
                "--json").ok().strip());
        assertTrue(j.containsKey("shape") && j.get("shape") == null, j.toString());
        assertTrue(j.containsKey("dtype") && j.get("dtype") == null, j.toString());
        assertTrue(j.containsKey("driver") && j.get("driver") == null, j.toString());
        assertFalse(((String) j.get("reason")).isBlank());
        assertTrue((Double) j.get("compute_seconds") >= 0);
    }

    private static Path ratings() throws IOException {
        StringBuilder csv = new StringBuilder("user,item,rating\n");
        for (int u = 0; u < 8; u++) {
            for (int i = 0; i < 6; i++) {
                if ((u + i) % 3 != 0) {
                    csv.append('u').append(u).append(",i").append(i).append(',').append((u < 4) == (i < 3) ? 5 : 1)
                            .append('\n');
                }
            }
        }
        return Cli.csv(dir, "r.csv", csv.toString());
    }
}
