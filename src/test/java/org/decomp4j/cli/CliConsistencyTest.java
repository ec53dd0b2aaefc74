package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI inconsistencies of issue 14, one test each. */
class CliConsistencyTest {

    /** picocli formats descriptions with String.format: an unescaped '%' printed a warning (recommend). */
    @Test
    void everyHelpPrintsWithoutAFormatWarning() {
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            Cli.Run r = Cli.run(command, "--help");
            assertEquals(0, r.code(), command);
            assertEquals("", r.err(), () -> command + " --help wrote to stderr");
            assertFalse(r.out().contains("%n") || r.out().contains("WARN"), () -> command + ": " + r.out());
        }
        assertTrue(Cli.run("recommend", "--help").out().contains("about 5% rated"));
    }

    /** The driver that ran and the reason printed beside it name the same routine. */
    @Test
    void tsvdReasonNamesTheRoutineThatRan(@TempDir Path dir) throws IOException {
        // 6×4, k = 3: the planner takes the full SVD and truncates; at this size the core runs java_qr
        double[][] a = new double[6][4];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 4; j++) {
                a[i][j] = (i == j ? 10 : 0) + 1.0 / (i + j + 1);
            }
        }
        Map<String, Object> j = Cli.run("tsvd", "--in", Cli.npy(dir, "a.npy", a), "--rank", 3, "--json").json();
        String driver = (String) j.get("driver");
        String reason = (String) j.get("reason");
        assertEquals("java_qr", driver);
        assertTrue(reason.contains("full SVD by java_qr"), reason);
        assertFalse(reason.contains("gesdd SVD is faster"), reason);
    }

    /** A completion worse than its baseline is "above", never a negative "below". */
    @Test
    void recommendSaysAboveWhenWorseThanTheBaseline() {
        assertEquals("RMSE 20.0% above the baseline", RecommendCommand.baselineComparison(1.2, 1.0));
        assertEquals("RMSE 25.0% below the baseline", RecommendCommand.baselineComparison(0.75, 1.0));
        assertEquals("RMSE equal to the baseline", RecommendCommand.baselineComparison(0.5, 0.5));
    }

    /** One order for an image's size: rows×columns, i.e. height×width, in the header and the summary. */
    @Test
    void compressPrintsOneShapeOrder(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("wide.png");
        ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
        String out = Cli.run("compress", "--in", png, "--rank", 2).ok();
        assertTrue(out.contains(": 48×64 float64"), out);
        assertTrue(out.contains("48×64 pixels (height×width)"), out);
        assertFalse(out.contains("64×48"), out);
    }

    /** Every relative link of the README and of src/docs resolves inside the repository (a clone has nothing else). */
    @Test
    void documentationLinksStayInsideTheRepository() throws IOException {
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(?:#[^)]*)?\\)");
        for (Path doc : new Path[] {Path.of("README.md"), Path.of("src/docs/cli-json.md")}) {
            Matcher m = link.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // an absolute URL
                }
                Path resolved = doc.toAbsolutePath().getParent().resolve(target).normalize();
                assertTrue(resolved.startsWith(Path.of("").toAbsolutePath()), () -> doc + " links outside the"
                        + " repository: " + target);
                assertTrue(Files.exists(resolved), () -> doc + " links to a missing file: " + target);
            }
        }
    }
}
