package org.decomp4j.readme;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.decomp4j.Cholesky;
import org.decomp4j.DType;
import org.decomp4j.Driver;
import org.decomp4j.Eig;
import org.decomp4j.Eigenvalues;
import org.decomp4j.Eigh;
import org.decomp4j.Layout;
import org.decomp4j.EighOptions;
import org.decomp4j.LinAlg;
import org.decomp4j.Lstsq;
import org.decomp4j.Lu;
import org.decomp4j.Matrix;
import org.decomp4j.ProgressListener;
import org.decomp4j.Qr;
import org.decomp4j.Svd;
import org.decomp4j.SvdOptions;
import org.decomp4j.apps.Denoise;
import org.decomp4j.apps.ImageCompression;
import org.decomp4j.apps.Lsa;
import org.decomp4j.apps.MatrixCompletion;
import org.decomp4j.apps.Pca;
import org.decomp4j.apps.PcaOptions;
import org.decomp4j.apps.RankRule;
import org.decomp4j.apps.Ratings;
import org.decomp4j.batch.BatchInput;
import org.decomp4j.batch.BatchResult;
import org.decomp4j.batch.BatchRunner;
import org.decomp4j.batch.BatchSummary;
import org.decomp4j.batch.Decompositions;
import org.decomp4j.io.Images;
import org.decomp4j.io.MatrixFiles;
import org.decomp4j.io.Npy;
import org.decomp4j.io.RatingsFiles;
import org.decomp4j.lowrank.LowRank;
import org.decomp4j.lowrank.LowRankSvd;
import org.decomp4j.lowrank.StreamingSvd;
import org.decomp4j.lowrank.TopKOptions;
import org.decomp4j.sparse.CsrMatrix;
import org.ejml.data.DMatrixRMaj;

/**
 * The README's Java snippets, verbatim, one method each, with the few lines of set-up a snippet
 * assumes (the matrices it names, the input files). {@link ReadmeSnippetsTest} checks that every
 * {@code java} block of the README stands here unchanged and runs every method, so a README example
 * that stops compiling breaks the build and one that stops working fails a test.
 *
 * <p>{@code Path.of} in the snippets is {@link Path#of} below: it resolves the file names the README
 * uses ({@code X.csv}, {@code u.data}…) in the directory of {@link ReadmeFixtures}.
 */
@SuppressWarnings({"unused", "resource"})
final class ReadmeSnippets {
    static java.nio.file.Path dir;

    private ReadmeSnippets() {
    }

    /** Stands in for {@link java.nio.file.Path#of} in the snippets: README file names live in {@link #dir}. */
    static final class Path {
        private Path() {
        }

        static java.nio.file.Path of(String name) {
            return dir.resolve(name);
        }
    }

    static void snippet1() throws IOException {
        try (Matrix a = Matrix.of(new double[][] {{3, 1}, {1, 3}, {0, 2}});
             Svd svd = Svd.of(a)) {                       // thin SVD, Driver.AUTO
            double[] s = svd.singularValues();            // non-increasing
            Matrix u = svd.u(), vt = svd.vt();            // read-only views, 3×2 and 2×2
            System.out.println(svd.plan());               // routine, job flags, bytes, reason
        }
    }

    static void snippet2() throws IOException {
        try (Matrix a = Matrix.of(new double[][] {{3, 1}, {1, 3}, {0, 2}, {1, 1}, {2, 0}});
             Matrix sq = Matrix.of(new double[][] {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}});
             Matrix spd = Matrix.of(new double[][] {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}});
             Matrix b = Matrix.of(new double[][] {{1, 0}, {0, 1}, {1, 1}})) {
            double[] s = Svd.values(a);                                        // values only
            try (Svd full = Svd.of(a, SvdOptions.full().driver(Driver.GESVD).memoryBudget(256L << 20))) { full.u(); }
            try (Lu lu = Lu.of(sq)) { Matrix x = lu.solve(b); double d = lu.determinant(); double rc = lu.rcond(); }
            try (Qr qr = Qr.pivoted(a)) { Matrix q = qr.q(), r = qr.r(); int[] perm = qr.permutation(); }
            try (Cholesky c = Cholesky.of(spd)) { Matrix x = c.solve(b); }   // NotPositiveDefiniteException
            try (Lstsq ls = LinAlg.lstsq(sq, b)) { ls.x(); ls.residuals(); ls.rank(); ls.singularValues(); }
            try (Matrix x = LinAlg.solve(sq, b); Matrix p = LinAlg.pinv(a)) { int r = LinAlg.rank(a); double k = LinAlg.cond(a); }
        }
    }

    static void snippet3() throws IOException {
        List<Matrix> blocks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            blocks.add(Matrix.random(30, 200, i));
        }
        CsrMatrix a = CsrMatrix.read(Path.of("A.mtx"));                     // coordinate file, stays sparse (on-heap)
        try (LowRankSvd top = LowRank.svd(a, 20, TopKOptions.exact())) {    // Lanczos; approximate() → randomized
            double[] s = top.singularValues();
        }
        StreamingSvd stream = StreamingSvd.of(200, 20);                     // 200 columns, rank 20
        for (Matrix block : blocks) { stream.update(block); }               // row blocks, any heights
        try (LowRankSvd now = stream.snapshot()) { double[] s = now.singularValues(); }
    }

    static void snippet4() throws IOException {
        try (Matrix x = MatrixFiles.read(Path.of("X.csv"));
             Pca pca = Pca.fit(x, PcaOptions.variance(0.95).whiten(true));
             Matrix scores = pca.transform(x)) {
            double[] ratio = pca.explainedVarianceRatio();
            Matrix axes = pca.components();                       // k × features
        }
    }

    static void snippet5() throws IOException {
        RatingsFiles.Triples t = RatingsFiles.read(Path.of("u.data"));
        Ratings all = Ratings.of(t.users(), t.items(), t.ratings());
        Ratings.Split split = all.split(0.2, Ratings.SplitMode.RANDOM, 42);
        MatrixCompletion.Model model = MatrixCompletion.fit(split.train(),
                MatrixCompletion.Options.softImpute(10, 5.0), ProgressListener.NONE);
        MatrixCompletion.Evaluation e = model.evaluate(split.test());   // rmse(), baselineRmse(), …
        int u = all.userIndex("196").orElseThrow();
        List<MatrixCompletion.Scored> top = model.recommend(u, 10, all.itemsOf(u));
    }

    static void snippet6() throws IOException {
        Lsa lsa = Lsa.fit(Lsa.defaultCorpus(), 3);
        List<Lsa.Hit> hits = lsa.query("automobile");      // name(), cosine(), best first
        List<Lsa.TermWeight> words = lsa.topTerms(0, 8);
    }

    static void snippet7() throws IOException {
        try (ImageCompression c = ImageCompression.of(Images.read(Path.of("photo.png")))) {
            ImageCompression.Result r = c.compress(RankRule.energy(0.99));
            Images.writePng(Path.of("photo-k.png"), r.image());
            System.out.printf("rank %d, PSNR %.1f dB, storage %.1f%%%n", r.rank(), r.psnr(), 100 * r.storageRatio());
        }
    }

    static void snippet8() throws IOException {
        try (Matrix y = Npy.read(Path.of("noisy.npy"));
             Denoise.Result r = Denoise.of(y, RankRule.optimalHardThreshold())) {
            System.out.println("rank " + r.rank() + ", threshold " + r.threshold());
            Npy.write(Path.of("denoised.npy"), r.denoised());
        }
    }

    static void snippet9() throws IOException {
        List<Matrix> matrices = List.of(Matrix.random(6, 4, 1), Matrix.random(5, 5, 2));
        List<BatchInput> inputs = List.of(BatchInput.of("first", Matrix.random(6, 4, 3)),
                BatchInput.of("second", Matrix.random(7, 7, 4)));
        List<BatchResult> out = BatchRunner.withJobs(4).runAll(matrices, Decompositions.svd());
        double[] s = out.get(0).factor("S").data();         // factors are heap copies: U, S, Vt
        BatchSummary sum = BatchRunner.withJobs(4).order(BatchRunner.Order.COMPLETION)
                .run(inputs.iterator(), Decompositions.qr(), r -> { if (!r.ok()) System.err.println(r.name() + ": " + r.errorMessage().get()); });
    }

    static void snippet10() throws IOException {
        try (Matrix z = Matrix.ofComplex(new double[][] {{1, 2, 3, -1}, {0, 0.5, -2, 0}}, DType.C128); // rows of (re, im) pairs
             Svd svd = Svd.of(z)) {                       // zgesdd; cgesdd for C64
            double[] s = svd.singularValues();            // real: float64 for C128
            Matrix u = svd.u(), vh = svd.vt();            // complex; vt() holds Vᴴ, so A = U·Σ·Vᴴ
            double re = z.getRe(0, 1), im = z.getIm(0, 1);                    // 3, -1
            double[][] pairs = z.toComplexArray();                            // the rows given above
        }
        try (Matrix w = Matrix.ofComplex(new double[][] {{1, 2}}, new double[][] {{0, -1}}, DType.C64); // re, im parts
             Matrix r = w.realPart(); Matrix h = w.conjugateTranspose(); Matrix c = Matrix.identity(2).copy(DType.C128)) {
            w.setComplex(0, 1, 2, 1);
        }
    }

    static void snippet11() throws IOException {
        try (Matrix a = Matrix.of(new double[][] {{2, 1, 0}, {1, 2, 1}, {0, 1, 2}});
             Eigh e = Eigh.of(a);                                  // syevd: all pairs
             Eigh top = Eigh.of(a, EighOptions.byIndex(1, 2));     // syevr: the 2 largest
             Eig g = Eig.of(a)) {                                  // geev: general (complex) eigen
            double[] w = e.values();                               // ascending
            Matrix v = e.vectors();                                // eigenvector j in column j
            Eigenvalues z = g.values();                            // re(j), im(j), LAPACK's order
        }
    }

    static void snippet12() throws IOException {
        DoubleBuffer buf = ByteBuffer.allocateDirect(6 * 8).order(ByteOrder.nativeOrder()).asDoubleBuffer();
        buf.put(0, new double[] {4, 0, 3, 0, 0, 2});               // 3×2, row-major: NumPy's C order
        try (Matrix a = Matrix.wrap(buf, 3, 2, Layout.ROW_MAJOR)) { // shares buf's memory (a transposed view)
            double[] s = Svd.values(a);                             // 5, 2; buf unchanged
            buf.put(0, 8);                                          // visible as a.get(0, 0)
        }
        // also: Matrix.wrap(FloatBuffer…), wrapComplex(DoubleBuffer|FloatBuffer…) for interleaved (re, im),
        // Matrix.wrap(ByteBuffer, rows, cols, DType, Layout) for any dtype
        try (InputStream in = Files.newInputStream(Path.of("A.npy"));
             Matrix a = Npy.read(in);                               // any InputStream: no temporary file
             Matrix b = MatrixFiles.read(Files.newInputStream(Path.of("A.csv")), "upload", null)) { // format sniffed
            System.out.println(a.rows() + " " + b.rows());          // errors name "<stream>" or "upload"
        }
    }

    static void snippet13() throws IOException {
        DMatrixRMaj e = new DMatrixRMaj(new double[][] {{4, 0}, {3, 0}, {0, 2}});  // EJML
        try (Matrix a = Matrix.fromRowMajor(e.numRows, e.numCols, e.data);         // one copy, no temporary
             Svd svd = Svd.of(a)) {
            Matrix u = svd.u();
            DMatrixRMaj ue = DMatrixRMaj.wrap(u.rows(), u.cols(), u.toRowMajorArray()); // one copy back, wrapped
        }
        double[][] rows = {{4, 0}, {3, 0}, {0, 2}};   // Smile: smileMatrix.toArray(); plain Java: double[][]
        try (Matrix a = Matrix.of(rows); Matrix p = LinAlg.pinv(a)) {
            double[][] back = p.toArray();            // Smile: smile.math.matrix.Matrix.of(back)
        }
    }
}
