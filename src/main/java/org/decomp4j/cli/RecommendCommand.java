package org.decomp4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.decomp4j.DType;
import org.decomp4j.apps.MatrixCompletion;
import org.decomp4j.apps.Ratings;
import org.decomp4j.io.RatingsFiles;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code decomp4j recommend}: recommendations by matrix completion of a ratings file.
 *
 * <p>JSON adds {@code users}, {@code items}, {@code ratings}, {@code train_ratings},
 * {@code test_ratings}, {@code method}, {@code rank}, {@code lambda}, {@code iterations},
 * {@code converged}, {@code last_change}, {@code rmse}, {@code mae}, {@code baseline_rmse},
 * {@code baseline_mae}, {@code cold_start_ratings} (test ratings of users or items without a
 * training rating; null without a test set) and, with {@code --user}, {@code user},
 * {@code cold_start} and {@code recommendations}: a list of {@code {item, score}}.
 */
@Command(name = "recommend", sortOptions = false,
        description = {"Recommend items by matrix completion: user and item biases, then soft-impute (with --lambda)"
                + " or hard-impute at rank K on the observed ratings only; held-out RMSE and MAE against the"
                + " biases alone (the user/item means baseline), and the top N items for a user.",
            "Without --ratings, a built-in set is used: 2000 users × 1500 items, about 5%% rated 1-5, planted"
                    + " rank-5 tastes."})
public final class RecommendCommand extends BaseCommand {
    static final int BUILTIN_USERS = 2000;
    static final int BUILTIN_ITEMS = 1500;

    @Option(names = "--ratings", order = 1, paramLabel = "FILE", description = "user,item,rating[,timestamp] CSV"
            + " (a header line is allowed) or the tab-separated MovieLens u.data layout; ids may be strings.")
    Path ratingsFile;

    @Option(names = "--rank", order = 2, paramLabel = "K", defaultValue = "8", description = "Largest rank of the"
            + " completed matrix (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--lambda", order = 3, paramLabel = "L", description = "Soft-impute with shrinkage L of the"
            + " singular values; without it, hard-impute at rank K.")
    Double lambda;

    @Option(names = "--test-fraction", order = 4, paramLabel = "F", defaultValue = "0.2", description = "Fraction"
            + " of ratings held out for evaluation, 0 ≤ F < 1 (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--split", order = 5, paramLabel = "MODE", defaultValue = "random", description = "random or"
            + " per-user (each user keeps at least one training rating) (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--seed", order = 6, paramLabel = "S", defaultValue = "42", description = "Seed of the split"
            + " and the start (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--user", order = 7, paramLabel = "ID", description = "Recommend for this user.")
    String user;

    @Option(names = "--top", order = 8, paramLabel = "N", defaultValue = "10", description = "How many items to"
            + " recommend (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--max-iter", order = 9, paramLabel = "N", defaultValue = "200", description = "Iteration"
            + " limit (default: ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--tolerance", order = 10, paramLabel = "T", defaultValue = "1e-5", description = "Stop when"
            + " the relative change ‖Z_new − Z_old‖²/‖Z_old‖² falls below T (default: ${DEFAULT-VALUE}).")
    double tolerance;

    /** Picocli creates commands through their no-argument constructor. */
    public RecommendCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        if (top < 1) {
            throw new IllegalArgumentException("--top must be at least 1, got " + top);
        }
        Ratings.SplitMode mode = Ratings.SplitMode.parse(split);
        Ratings all;
        String source;
        if (ratingsFile == null) {
            all = Ratings.planted(BUILTIN_USERS, BUILTIN_ITEMS, 5, 0.05, 0.4, true, 2024).ratings();
            source = "built-in ratings";
        } else {
            RatingsFiles.Triples t = RatingsFiles.read(ratingsFile);
            all = Ratings.of(t.users(), t.items(), t.ratings());
            source = ratingsFile.toString();
        }
        MatrixCompletion.Options options = (lambda == null ? MatrixCompletion.Options.hardImpute(rank)
                : MatrixCompletion.Options.softImpute(rank, lambda)).tolerance(tolerance).maxIterations(maxIter)
                .seed(seed);
        Ratings.Split parts = all.split(testFraction, mode, seed);
        MatrixCompletion.Model model;
        try (ProgressBars bar = common.progress("recommend")) {
            model = report.time(() -> MatrixCompletion.fit(parts.train(), options, bar));
        }
        String method = lambda == null ? "hard-impute" : "soft-impute";
        // the ratings matrix is users×items, sparse; "driver" names the completion method that ran
        report.matrix(source, all.users(), all.items(), DType.F64)
                .driver(method, lambda == null ? "no --lambda: hard-impute keeps the top " + rank
                        + " singular triplets each iteration" : "--lambda " + lambda
                        + ": soft-impute shrinks the singular values by lambda each iteration");
        report.put("users", all.users()).put("items", all.items()).put("ratings", all.size())
                .put("train_ratings", parts.train().size()).put("test_ratings", parts.test().size())
                .put("method", method).put("rank", model.rank()).put("lambda", lambda == null ? 0.0 : lambda)
                .put("iterations", model.iterations()).put("converged", model.converged())
                .put("last_change", model.lastChange());
        report.line("%s: %d users × %d items, %d ratings (%.2f%% observed)", source, all.users(), all.items(),
                all.size(), 100.0 * all.size() / ((double) all.users() * all.items()))
                .line("%s, rank %d%s: %d iterations, %s (last relative change %.2e), %.2f s", method, model.rank(),
                        lambda == null ? "" : ", lambda " + lambda, model.iterations(),
                        model.converged() ? "converged" : "not converged", model.lastChange(), report.seconds());
        if (parts.test().size() > 0) {
            MatrixCompletion.Evaluation e = model.evaluate(parts.test());
            report.put("rmse", e.rmse()).put("mae", e.mae()).put("baseline_rmse", e.baselineRmse())
                    .put("baseline_mae", e.baselineMae()).put("cold_start_ratings", e.coldStart());
            report.line("held out %d ratings (%s split, seed %d)%s:", e.count(), mode.name().toLowerCase(
                            java.util.Locale.ROOT).replace('_', '-'), seed,
                            e.coldStart() > 0 ? ", " + e.coldStart() + " of them cold start (biases only)" : "")
                    .line("  %-22s RMSE %.4f  MAE %.4f", "completion", e.rmse(), e.mae())
                    .line("  %-22s RMSE %.4f  MAE %.4f", "user/item means", e.baselineRmse(), e.baselineMae())
                    .line("  %s", baselineComparison(e.rmse(), e.baselineRmse()));
        } else {
            report.put("rmse", null).put("mae", null).put("baseline_rmse", null).put("baseline_mae", null)
                    .put("cold_start_ratings", null);
        }
        if (user != null) {
            OptionalInt u = all.userIndex(user);
            List<MatrixCompletion.Scored> list;
            boolean cold = u.isEmpty();
            if (cold) {
                list = model.popular(top);
                report.line("user '%s' has no ratings (cold start): no personal recommendations; the %d items with"
                        + " the highest mean rating instead:", user, list.size());
            } else {
                list = model.recommend(u.getAsInt(), top, all.itemsOf(u.getAsInt()));
                report.line("top %d for user '%s' (items already rated left out):", list.size(), user);
            }
            List<Map<String, Object>> json = new ArrayList<>();
            for (MatrixCompletion.Scored s : list) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("item", all.itemId(s.item()));
                m.put("score", s.score());
                json.add(m);
                report.line("  %-20s %.3f", all.itemId(s.item()), s.score());
            }
            report.put("user", user).put("cold_start", cold).put("recommendations", json);
        }
    }

    /**
     * "RMSE 37.5% below the baseline", "… above the baseline" when the completion is worse, or
     * "RMSE equal to the baseline": never a negative percentage "below".
     */
    static String baselineComparison(double rmse, double baselineRmse) {
        if (rmse == baselineRmse) {
            return "RMSE equal to the baseline";
        }
        double pct = 100 * Math.abs(rmse - baselineRmse) / baselineRmse;
        return String.format(java.util.Locale.ROOT, "RMSE %.1f%% %s the baseline", pct,
                rmse < baselineRmse ? "below" : "above");
    }
}
