package org.decomp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code demo}, {@code info}, help and version. */
class DemoInfoHelpTest {
    private static int unknownCells() {
        int n = 0;
        for (double[] row : DemoCommand.RATINGS) {
            for (double v : row) {
                if (Double.isNaN(v)) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void demoPredictsEveryUnknownCellWithinTheScale() {
        String out = Cli.run("demo").ok();
        assertTrue(out.contains("?"), "unknowns shown as ?");
        int rows = 0;
        for (int i = 0; i < DemoCommand.RATINGS.length; i++) {
            for (int j = 0; j < DemoCommand.RATINGS[i].length; j++) {
                if (!Double.isNaN(DemoCommand.RATINGS[i][j])) {
                    continue;
                }
                String prefix = String.format("%-6s %-12s ", DemoCommand.USERS[i], DemoCommand.ITEMS[j]);
                int at = out.indexOf(prefix);
                assertTrue(at >= 0, () -> "no prediction line for " + prefix + " in\n" + out);
                String rest = out.substring(at + prefix.length()).lines().findFirst().orElseThrow().strip();
                double r = Double.parseDouble(rest);
                assertTrue(r >= 1 && r <= 5, prefix + r);
                rows++;
            }
        }
        assertEquals(unknownCells(), rows);
        assertTrue(out.contains("2000×500"), out);
        assertTrue(out.contains("chose:  dgeqrt+dgesdd+dlarfb"), out); // 2000×500: QR first (TallSvd)
        assertTrue(out.contains("why:"), out);
        assertTrue(out.contains(" ms"), out);
    }

    @Test
    @SuppressWarnings("unchecked")
    void demoJsonIsOneLine() {
        Map<String, Object> j = Cli.run("demo", "--json").json();
        assertEquals("demo", j.get("command"));
        assertEquals(List.of(2000.0, 500.0), j.get("shape"));
        assertEquals("float64", j.get("dtype"));
        assertEquals("dgeqrt+dgesdd+dlarfb", j.get("driver"));
        assertEquals(5, Cli.doubles(j.get("ratings_singular_values")).length);
        List<Object> predictions = (List<Object>) j.get("predictions");
        assertEquals(unknownCells(), predictions.size());
        for (Object o : predictions) {
            Map<String, Object> p = (Map<String, Object>) o;
            assertTrue(List.of(DemoCommand.USERS).contains(p.get("user")), p.toString());
            assertTrue(List.of(DemoCommand.ITEMS).contains(p.get("item")), p.toString());
            double r = (Double) p.get("rating");
            assertTrue(r >= 1 && r <= 5, p.toString());
        }
    }

    @Test
    void completionReproducesARankTwoMatrix() {
        // A rank-2 ratings matrix with a hidden cell: hard impute must find the hidden value.
        double[][] full = new double[4][4];
        double[] a = {1, 2, 0.5, 1.5};
        double[] b = {2, 1, 1.5, 0.5};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                full[i][j] = a[i] * (j % 2 == 0 ? 1 : 0.2) + b[i] * (j < 2 ? 0.3 : 0.9);
            }
        }
        double[][] holed = new double[4][];
        for (int i = 0; i < 4; i++) {
            holed[i] = full[i].clone();
        }
        holed[1][2] = Double.NaN;
        DemoCommand.Completion c = DemoCommand.complete(holed);
        assertEquals(1, c.predictions().size());
        assertEquals(full[1][2], c.predictions().get(0).rating(), 1e-3);
    }

    @Test
    void infoMentionsOpenBlas() {
        assertTrue(Cli.run("info").ok().contains("OpenBLAS"));
        Map<String, Object> j = Cli.run("info", "--json").json();
        assertEquals("info", j.get("command"));
        assertTrue(j.get("openblas_version") instanceof String);
        assertTrue((Double) j.get("threads") >= 1);
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        String top = Cli.run("--help").ok();
        for (String cmd : List.of("svd", "lu", "qr", "cholesky", "solve", "lstsq", "pinv", "rank", "cond", "info", "demo")) {
            assertTrue(top.contains("  " + cmd + " "), cmd);
            String help = Cli.run(cmd, "--help").ok();
            assertTrue(help.contains("Exit codes:") && help.contains("  3   numerical failure"), cmd + ":\n" + help);
        }
        assertTrue(Cli.run("svd", "--help").ok().contains("auto, gesdd, gesvd, gesvj, java_jacobi, java_qr"));
        assertTrue(Cli.run("--version").ok().startsWith("decomp4j "));
    }
}
