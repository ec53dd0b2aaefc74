package org.decomp4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.decomp4j.DType;
import org.decomp4j.apps.Lsa;
import org.decomp4j.io.TextDocuments;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code decomp4j lsa}: latent semantic analysis of a set of text documents.
 *
 * <p>JSON adds {@code documents}, {@code terms}, {@code rank}, {@code method},
 * {@code singular_values}, {@code concepts} (for each concept its {@code top_terms}) and, with
 * {@code --query}, {@code query}, {@code ranking} (document names, best first) and {@code scores}
 * (their cosines, same order).
 */
@Command(name = "lsa", sortOptions = false,
        description = {"Latent semantic analysis: TF-IDF term×document matrix, truncated SVD, the top terms of"
                + " each concept, and documents ranked for a query folded into concept space.",
            "Without --docs, a built-in corpus of 21 short documents in three topics (cars, baking, astronomy)"
                    + " is used; try --query automobile."})
public final class LsaCommand extends BaseCommand {
    @Option(names = "--docs", order = 1, paramLabel = "DIR|FILE", description = "A folder (each file one document,"
            + " named by its file name) or one file (each non-blank line one document).")
    Path docs;

    @Option(names = "--rank", order = 2, paramLabel = "K", defaultValue = "3", description = "Number of concepts"
            + " (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--query", order = 3, paramLabel = "TEXT", description = "Rank the documents for this query.")
    String query;

    @Option(names = "--top", order = 4, paramLabel = "N", defaultValue = "10", description = "Documents shown for"
            + " a query (the JSON ranking lists all) (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--terms", order = 5, paramLabel = "N", defaultValue = "8", description = "Top terms shown per"
            + " concept (default: ${DEFAULT-VALUE}).")
    int termsPerConcept;

    /** Picocli creates commands through their no-argument constructor. */
    public LsaCommand() {
    }

    @Override
    void run(Report report) throws Exception {
        List<Lsa.Document> corpus = new ArrayList<>();
        if (docs == null) {
            corpus.addAll(Lsa.defaultCorpus());
        } else {
            for (TextDocuments.Named d : TextDocuments.read(docs)) {
                corpus.add(new Lsa.Document(d.name(), d.text()));
            }
        }
        Lsa lsa;
        try (ProgressBars bar = common.progress("lsa")) {
            lsa = report.time(() -> Lsa.fit(corpus, rank, bar));
        }
        report.matrix(docs == null ? "built-in corpus" : docs.toString(), lsa.terms().size(), corpus.size(), DType.F64)
                .driver(lsa.routine(), lsa.reason());
        report.put("documents", corpus.size()).put("terms", lsa.terms().size()).put("rank", lsa.rank())
                .put("method", lsa.method()).put("singular_values", lsa.singularValues());
        report.line("%s: %d documents, %d terms, rank %d (%s)", docs == null ? "built-in corpus" : docs.toString(),
                corpus.size(), lsa.terms().size(), lsa.rank(), lsa.method());
        List<Map<String, Object>> concepts = new ArrayList<>();
        double[] s = lsa.singularValues();
        for (int c = 0; c < lsa.rank(); c++) {
            List<String> words = lsa.topTerms(c, termsPerConcept).stream().map(Lsa.TermWeight::term).toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("singular_value", s[c]);
            m.put("top_terms", words);
            concepts.add(m);
            report.line("concept %d (σ = %.3f): %s", c + 1, s[c], String.join(", ", words));
        }
        report.put("concepts", concepts);
        if (query != null) {
            List<Lsa.Hit> hits = lsa.query(query);
            report.put("query", query)
                    .put("ranking", hits.stream().map(Lsa.Hit::name).toList())
                    .put("scores", hits.stream().mapToDouble(Lsa.Hit::cosine).toArray());
            report.line("query \"%s\":", query);
            for (int i = 0; i < Math.min(top, hits.size()); i++) {
                report.line("  %2d. %-24s %.3f", i + 1, hits.get(i).name(), hits.get(i).cosine());
            }
        }
    }
}
