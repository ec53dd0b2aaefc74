package org.decomp4j;

/** The SVD contract for {@link Driver#GESVJ}. */
class JacobiSvdTest extends SvdContract {
    @Override
    Driver driver() {
        return Driver.GESVJ;
    }

    @Override
    String expectedFamily(Job job) {
        return "gesvj";
    }
}
