package org.decomp4j.lapack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pool keeps the shapes in use: when a freed block does not fit, the blocks given longest ago
 * go first. The blocks are malloc'ed and never touched, so they cost address space, not memory.
 */
class BufferPoolTest {
    private final long cap = Config.bufferPool();

    @BeforeEach
    @AfterEach
    void empty() {
        OpenBlas.requireLoaded();
        BufferPool.clear();
    }

    private static Pointer block(long classBytes) {
        Pointer p = Pointer.malloc(classBytes);
        assertNotNull(p, "malloc of " + classBytes + " bytes");
        return p;
    }

    @Test
    void aBlockThatDoesNotFitEvictsTheOldestOfAnyClassAndNothingElse() {
        long a = BufferPool.sizeClass(cap * 3 / 8);
        long b = BufferPool.sizeClass(cap * 5 / 16);
        assertTrue(a != b && 2 * a <= cap && 2 * a + b > cap && a + b <= cap, "sizes chosen for the default capacity");
        Pointer a1 = block(a);
        Pointer a2 = block(a);
        Pointer b1 = block(b);
        assertTrue(BufferPool.give(a1, a));
        assertTrue(BufferPool.give(a2, a));
        assertEquals(2 * a, BufferPool.pooledBytes());

        assertTrue(BufferPool.give(b1, b), "a new shape is kept");
        assertEquals(a + b, BufferPool.pooledBytes(), "by freeing the oldest block, a1, alone");
        Pointer got = BufferPool.take(a);
        assertEquals(a2.address(), got.address(), "the newer block of the old shape stayed");
        assertNull(BufferPool.take(a), "a1 was freed");
        Pointer gotB = BufferPool.take(b);
        assertEquals(b1.address(), gotB.address());
        assertEquals(0, BufferPool.pooledBytes());
        Pointer.free(got);
        Pointer.free(gotB);
    }

    @Test
    void theNewestBlockOfAClassComesBackFirstAndTheCapacityBoundsOneBlock() {
        long a = BufferPool.sizeClass(1 << 20);
        Pointer p1 = block(a);
        Pointer p2 = block(a);
        assertTrue(BufferPool.give(p1, a));
        assertTrue(BufferPool.give(p2, a));
        assertEquals(p2.address(), BufferPool.take(a).address(), "newest first: its pages are the likeliest resident");
        assertEquals(p1.address(), BufferPool.take(a).address());
        Pointer.free(p1);
        Pointer.free(p2);

        long huge = BufferPool.sizeClass(cap + 1);
        Pointer h = block(huge);
        Pointer small = block(a);
        assertTrue(BufferPool.give(small, a));
        assertFalse(BufferPool.give(h, huge), "larger than the whole pool: the caller frees it");
        assertEquals(a, BufferPool.pooledBytes(), "and nothing was evicted for it");
        Pointer.free(h);
    }

    @Test
    void blocksBelowTheMinimumAreNotPooledAndClearFreesEverything() {
        Pointer tiny = block(1024);
        assertFalse(BufferPool.give(tiny, 1024));
        Pointer.free(tiny);
        assertNull(BufferPool.take(1024));
        long a = BufferPool.sizeClass(BufferPool.MIN_POOLED);
        assertTrue(BufferPool.give(block(a), a));
        assertTrue(BufferPool.give(block(a * 2), a * 2));
        assertEquals(3 * a, BufferPool.pooledBytes());
        BufferPool.clear();
        assertEquals(0, BufferPool.pooledBytes());
        assertNull(BufferPool.take(a));
        assertNull(BufferPool.take(a * 2));
    }
}
