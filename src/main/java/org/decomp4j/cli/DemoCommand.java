package org.decomp4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.decomp4j.Matrix;
import org.decomp4j.NativeConfig;
import org.decomp4j.Svd;
import org.decomp4j.dispatch.Plan;

import picocli.CommandLine.Command;

/**
 * {@code decomp4j demo}: the library's main job on built-in data, in a few seconds.
 *
 * <ol>
 *   <li>Missing ratings: a small users × restaurants rating matrix (1–5) with unknown cells is
 *       completed by "hard impute": unknowns start at their restaurant's mean, then the rank-2 SVD
 *       reconstruction of the filled matrix replaces them, repeatedly, until they change by less
 *       than {@value #TOLERANCE} (at most {@value #MAX_ROUNDS} rounds). Predictions are clipped to
 *       the rating scale.</li>
 *   <li>The dispatcher: a seeded {@value #BIG_ROWS}×{@value #BIG_COLS} random matrix is decomposed
 *       with the AUTO driver; the plan (routine, flags, memory, reason) and the time are shown.</li>
 * </ol>
 *
 * <p>JSON: {@code shape}, {@code dtype}, {@code driver}, {@code reason} and {@code compute_seconds}
 * describe the large SVD; {@code flags} and {@code total_bytes} its plan; the ratings part adds
 * {@code ratings_singular_values}, {@code ratings_rounds} and {@code predictions}, a list of
 * {@code {user, item, rating}}.
 */
@Command(name = "demo", sortOptions = false,
        description = {"Run a short demonstration on built-in data: predict missing ratings with a rank-2 SVD,"
                + " then show the driver the dispatcher picks for a 2000×500 matrix, why, and the time."})
public final class DemoCommand extends BaseCommand {
    static final String[] USERS = {"Ana", "Ben", "Chloe", "Dev", "Eli"};
    static final String[] ITEMS = {"Noodle Bar", "Taqueria", "Bistro", "Sushi", "Diner", "Curry House"};
    private static final double UNKNOWN = Double.NaN;
    /**
     * Made up for this project from two tastes, Asian and Western food: Ana and Ben lean Asian,
     * Chloe and Dev Western, Eli likes both a little. Ratings near rank 2, rounded to whole stars.
     */
    static final double[][] RATINGS = {
        {5, UNKNOWN, 2, 5, 2, 5},
        {4, 3, UNKNOWN, 4, 3, UNKNOWN},
        {1, 5, 5, UNKNOWN, 4, 2},
        {UNKNOWN, 4, 5, 2, 4, 2},
        {3, 4, 3, 4, UNKNOWN, 4},
    };
    static final double MIN_RATING = 1;
    static final double MAX_RATING = 5;
    static final int RANK = 2;
    static final double TOLERANCE = 1e-6;
    static final int MAX_ROUNDS = 100;
    static final int BIG_ROWS = 2000;
    static final int BIG_COLS = 500;
    static final long SEED = 42;

    /** Picocli creates commands through their no-argument constructor. */
    public DemoCommand() {
    }

    /** One predicted cell. */
    record Prediction(int user, int item, double rating) {
    }

    /** Outcome of the completion. */
    record Completion(double[][] filled, int rounds, double lastChange, double[] singularValues,
                      List<Prediction> predictions) {
    }

    @Override
    void run(Report report) throws Exception {
        report.bare();
        Completion c = complete(RATINGS);
        showRatings(report, c);
        try (Matrix big = Matrix.random(BIG_ROWS, BIG_COLS, SEED); Svd svd = report.time(() -> Svd.of(big))) {
            Plan plan = svd.plan();
            report.matrix("random", BIG_ROWS, BIG_COLS, svd.dtype())
                    .driver(svd.routine(), plan.reason())
                    .put("flags", plan.flags())
                    .put("total_bytes", plan.totalBytes());
            report.line("")
                    .line("2. The dispatcher: thin SVD of a %d×%d matrix of uniform random numbers (seed %d), driver"
                            + " AUTO", BIG_ROWS, BIG_COLS, SEED)
                    .line("   chose:  %s %s", svd.routine(), plan.flags())
                    .line("   memory: %s planned (budget %s)", NativeConfig.formatBytes(plan.totalBytes()), NativeConfig.formatBytes(plan.budgetBytes()))
                    .line("   why:    %s", plan.reason())
                    .line("   time:   %.1f ms; largest singular value %s", report.seconds() * 1e3,
                            Report.num(svd.singularValues()[0]));
        }
        report.put("ratings_singular_values", c.singularValues())
                .put("ratings_rounds", c.rounds())
                .put("predictions", c.predictions().stream().map(p -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("user", USERS[p.user()]);
                    m.put("item", ITEMS[p.item()]);
                    m.put("rating", p.rating());
                    return m;
                }).toList());
    }

    /**
     * Hard impute: fills the NaN cells of {@code ratings} with a rank-{@value #RANK} SVD
     * reconstruction, iterated to a fixed point.
     */
    static Completion complete(double[][] ratings) {
        int m = ratings.length;
        int n = ratings[0].length;
        double[][] x = new double[m][];
        for (int i = 0; i < m; i++) {
            x[i] = ratings[i].clone();
        }
        // start from the item means: a better start than 0 on a 1-5 scale, so fewer rounds
        for (int j = 0; j < n; j++) {
            double sum = 0;
            int known = 0;
            for (double[] row : ratings) {
                if (!Double.isNaN(row[j])) {
                    sum += row[j];
                    known++;
                }
            }
            double mean = known > 0 ? sum / known : (MIN_RATING + MAX_RATING) / 2;
            for (int i = 0; i < m; i++) {
                if (Double.isNaN(ratings[i][j])) {
                    x[i][j] = mean;
                }
            }
        }
        int rounds = 0;
        double change = Double.POSITIVE_INFINITY;
        while (rounds < MAX_ROUNDS && change >= TOLERANCE) {
            rounds++;
            change = 0;
            try (Matrix a = Matrix.of(x); Svd svd = Svd.of(a); Matrix low = svd.reconstruct(RANK)) {
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        if (Double.isNaN(ratings[i][j])) {
                            double v = low.get(i, j);
                            change = Math.max(change, Math.abs(v - x[i][j]));
                            x[i][j] = v;
                        }
                    }
                }
            }
        }
        double[] s;
        try (Matrix a = Matrix.of(x)) {
            s = Svd.values(a);
        }
        List<Prediction> predictions = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (Double.isNaN(ratings[i][j])) {
                    predictions.add(new Prediction(i, j, Math.min(MAX_RATING, Math.max(MIN_RATING, x[i][j]))));
                }
            }
        }
        return new Completion(x, rounds, change, s, predictions);
    }

    private static void showRatings(Report report, Completion c) {
        report.line("1. Missing ratings: %d users rated %d restaurants from %.0f to %.0f; ? marks an unknown rating.",
                USERS.length, ITEMS.length, MIN_RATING, MAX_RATING);
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "   %-6s", ""));
        for (String item : ITEMS) {
            head.append(String.format(Locale.ROOT, " %11s", item));
        }
        report.line(head.toString());
        for (int i = 0; i < USERS.length; i++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "   %-6s", USERS[i]));
            for (double v : RATINGS[i]) {
                row.append(String.format(Locale.ROOT, " %11s", Double.isNaN(v) ? "?" : String.format(Locale.ROOT, "%.0f", v)));
            }
            report.line(row.toString());
        }
        report.line("   Approach: start each unknown at its restaurant's mean rating; then repeat: take the SVD of the")
                .line("   filled matrix, keep the %d largest singular values, and put that rank-%d reconstruction into",
                        RANK, RANK)
                .line("   the unknown cells (\"hard impute\"), until they change by less than %.0e (at most %d rounds).",
                        TOLERANCE, MAX_ROUNDS)
                .line("   %s after %d rounds (last change %.1e).", c.lastChange() < TOLERANCE ? "Converged"
                        : "Stopped", c.rounds(), c.lastChange())
                .line("   Singular values of the filled matrix: %s", Report.list(c.singularValues(), 10))
                .line("   The first %d carry the tastes; the rest is what rank %d leaves out.", RANK, RANK)
                .line("   Predictions (clipped to [%.0f, %.0f]):", MIN_RATING, MAX_RATING)
                .line("     %-6s %-12s %s", "user", "restaurant", "predicted");
        for (Prediction p : c.predictions()) {
            report.line("     %-6s %-12s %.2f", USERS[p.user()], ITEMS[p.item()], p.rating());
        }
    }

}
