package org.decomp4j.lapack;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers workspace queries: LAPACK's answer depends only on the routine, the dtype, the job
 * flags and the shape, and asking costs a native call plus two small allocations, as much as a
 * whole 4×4 SVD. Bounded: cleared when it holds {@link #MAX_ENTRIES} shapes.
 */
final class QueryCache {
    static final int MAX_ENTRIES = 4096;
    private static final ConcurrentHashMap<Key, Long> CACHE = new ConcurrentHashMap<>();

    /**
     * equals and hashCode written out: a record's generated ones bootstrap method handles on their
     * first call (~30–40 ms of a fresh JVM's first decomposition, which asks a query first).
     */
    private record Key(String routine, char job1, char job2, long m, long n, long k) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key x && x.job1 == job1 && x.job2 == job2 && x.m == m && x.n == n && x.k == k
                    && x.routine.equals(routine);
        }

        @Override
        public int hashCode() {
            int h = routine.hashCode();
            h = 31 * h + job1;
            h = 31 * h + job2;
            h = 31 * h + Long.hashCode(m);
            h = 31 * h + Long.hashCode(n);
            return 31 * h + Long.hashCode(k);
        }
    }

    private QueryCache() {
    }

    static long get(String routine, char job1, char job2, long m, long n, long k, LongSupplier query) {
        Key key = new Key(routine, job1, job2, m, n, k);
        Long v = CACHE.get(key);
        if (v != null) {
            return v;
        }
        long answer = query.getAsLong();
        if (CACHE.size() >= MAX_ENTRIES) {
            CACHE.clear();
        }
        CACHE.put(key, answer);
        return answer;
    }
}
