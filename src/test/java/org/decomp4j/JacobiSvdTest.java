package org.decomp4j;

/** The SVD contract for {@link Driver#JACOBI}. */
class JacobiSvdTest extends SvdContract {
    @Override
    Driver driver() {
        return Driver.JACOBI;
    }

    @Override
    String expectedFamily(Job job) {
        return "gesvj";
    }
}
