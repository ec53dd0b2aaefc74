package org.decomp4j;

/** The SVD contract for {@link Driver#AUTO}. */
class AutoSvdTest extends SvdContract {
    @Override
    Driver driver() {
        return Driver.AUTO;
    }

    @Override
    String expectedFamily(Job job) {
        return "gesdd";
    }

    @Override
    String expectedFamily(Job job, int m, int n) {
        return Math.max(m, n) <= org.decomp4j.dispatch.SvdPlanner.SMALL_CROSSOVER ? "java_qr" : "gesdd";
    }

    @Override
    boolean supportsComplex() {
        return true;
    }
}
