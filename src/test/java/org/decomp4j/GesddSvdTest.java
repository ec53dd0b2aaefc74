package org.decomp4j;

/** The SVD contract for {@link Driver#GESDD}. */
class GesddSvdTest extends SvdContract {
    @Override
    Driver driver() {
        return Driver.GESDD;
    }

    @Override
    String expectedFamily(Job job) {
        return "gesdd";
    }

    @Override
    boolean supportsComplex() {
        return true;
    }
}
