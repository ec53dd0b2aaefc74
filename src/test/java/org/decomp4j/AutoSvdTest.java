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
}
