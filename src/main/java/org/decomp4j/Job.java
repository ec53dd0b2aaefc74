package org.decomp4j;

/**
 * Which singular vectors an SVD computes, for an {@code m × n} matrix with {@code k = min(m, n)}.
 *
 * <table>
 * <caption>shapes of the factors</caption>
 * <tr><th>Job</th><th>U</th><th>S</th><th>Vᵀ</th><th>LAPACK</th></tr>
 * <tr><td>ALL</td><td>m×m</td><td>k</td><td>n×n</td><td>'A'</td></tr>
 * <tr><td>THIN</td><td>m×k</td><td>k</td><td>k×n</td><td>'S'</td></tr>
 * <tr><td>NONE</td><td>–</td><td>k</td><td>–</td><td>'N'</td></tr>
 * </table>
 * NumPy: {@code full_matrices=True} is ALL, {@code False} is THIN, {@code compute_uv=False} is NONE.
 */
public enum Job {
    /** Complete U (m×m) and Vᵀ (n×n). */
    ALL('A'),
    /** Economy U (m×k) and Vᵀ (k×n). */
    THIN('S'),
    /** Singular values only. */
    NONE('N');

    private final char lapack;

    Job(char lapack) {
        this.lapack = lapack;
    }

    /**
     * LAPACK's job character: {@code 'A'}, {@code 'S'} or {@code 'N'}.
     *
     * @return {@code 'A'}, {@code 'S'} or {@code 'N'}
     */
    public char lapack() {
        return lapack;
    }

    /**
     * True for ALL and THIN.
     *
     * @return false for NONE only
     */
    public boolean wantsVectors() {
        return this != NONE;
    }
}
