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

    private record Key(String routine, char job1, char job2, long m, long n, long k) {
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
