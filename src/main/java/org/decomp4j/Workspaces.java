package org.decomp4j;

/** Shared checks of the reusable workspaces. */
final class Workspaces {
    private Workspaces() {
    }

    static void checkShape(Matrix a, int rows, int cols) {
        if (a.rows() != rows || a.cols() != cols) {
            throw new IllegalArgumentException(String.format(
                    "this workspace is for %d×%d matrices, got %d×%d", rows, cols, a.rows(), a.cols()));
        }
    }
}
