package org.decomp4j;

/** The SVD contract for {@link Driver#GESVD}. */
class GesvdSvdTest extends SvdContract {
    @Override
    Driver driver() {
        return Driver.GESVD;
    }

    @Override
    String expectedFamily(Job job) {
        return "gesvd";
    }

    @Override
    boolean supportsComplex() {
        return true;
    }
}
