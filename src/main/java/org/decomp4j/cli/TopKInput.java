package org.decomp4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.decomp4j.DType;
import org.decomp4j.LinearOperator;
import org.decomp4j.Matrix;
import org.decomp4j.io.MatrixMarket;
import org.decomp4j.io.Npy;
import org.decomp4j.lowrank.LowRankSvd;
import org.decomp4j.sparse.CsrMatrix;

/**
 * The input of a top-k command ({@code tsvd}, {@code rsvd}): a dense matrix, or an operator known
 * by its products (a sparse matrix), loaded in one place ({@link #load}) so that a new input kind
 * is added there alone.
 *
 * @param dense    the dense matrix, or null for an operator input
 * @param operator the products; for dense input, {@link LinearOperator#of(Matrix)} of it
 * @param owner    what {@link #close()} frees
 */
record TopKInput(Matrix dense, LinearOperator operator, AutoCloseable owner) implements AutoCloseable {

    /**
     * Reads {@code --in}. A Matrix Market coordinate file stays sparse ({@link CsrMatrix}: memory
     * O(nnz), never densified unless {@code --densify} asks); dense formats (.npy, .csv/.tsv/.txt,
     * Matrix Market array) become a dense matrix, finiteness checked and converted under
     * {@code --f32}.
     */
    static TopKInput load(InputOptions input) throws IOException {
        if (isSparse(input.in)) {
            CsrMatrix sparse = CsrMatrix.read(input.in, input.f32 ? DType.F32 : DType.F64);
            return new TopKInput(null, sparse, () -> { });
        }
        Matrix a = input.read();
        return new TopKInput(a, LinearOperator.of(a), a);
    }

    /** A Matrix Market file in coordinate layout (the header says; the body is not read). */
    private static boolean isSparse(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return (name.endsWith(".mtx") || name.endsWith(".mm")) && Files.isRegularFile(file)
                && MatrixMarket.isCoordinate(file);
    }

    /** True when the input is a sparse operator, not a dense matrix. */
    boolean sparse() {
        return dense == null;
    }

    int rows() {
        return operator.rows();
    }

    int cols() {
        return operator.cols();
    }

    DType dtype() {
        return operator.dtype();
    }

    @Override
    public void close() throws Exception {
        owner.close();
    }

    /**
     * Fills the report both top-k commands print (shape, method, reason, values) and writes
     * U.npy, S.npy and Vt.npy into {@code --out} together.
     */
    void report(Report report, String source, LowRankSvd r, Outputs files) throws IOException {
        double[] s = r.singularValues();
        report.matrix(source, rows(), cols(), r.dtype())
                .driver(r.method(), r.reason())
                .put("rank", r.rank())
                .put("method", methodLabel(r.method()))
                .put("singular_values", Arrays.copyOf(s, Math.min(s.length, SvdCommand.JSON_VALUES)))
                .put("singular_values_truncated", s.length > SvdCommand.JSON_VALUES);
        report.line("top %d singular values: %s", r.rank(), Report.list(s, 10));
        files.add("U.npy", f -> Npy.write(f, r.u()));
        files.add("S.npy", f -> Npy.writeVector(f, s, r.dtype()));
        files.add("Vt.npy", f -> Npy.write(f, r.vt()));
    }

    /** {@code "dgesvdx"} → {@code "gesvdx"}, {@code "randomized (q=7, …)"} → {@code "randomized"}. */
    static String methodLabel(String method) {
        String m = method.toLowerCase(Locale.ROOT);
        if (m.startsWith("randomized")) {
            return "randomized";
        }
        return (m.startsWith("d") || m.startsWith("s")) && m.length() > 1 ? m.substring(1) : m;
    }
}
