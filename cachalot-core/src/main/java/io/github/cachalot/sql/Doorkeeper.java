package io.github.cachalot.sql;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Remembers, approximately and in fixed space, which strings were seen before: a Bloom filter
 * that forgets everything after {@link #RESET_AFTER} first sightings, as TinyLFU's doorkeeper
 * does. Used so that SQL seen once (a stream of never-repeated literal statements) costs no
 * analysis at all. A false "seen" (about 5 % at worst) only costs an analysis; a lost race only
 * delays one. Thread-safe, lock-free.
 */
final class Doorkeeper {

    private static final int BITS = 1 << 17; // 16 KiB

    /** First sightings after which the filter is cleared, so that its false positives stay rare. */
    static final int RESET_AFTER = 1 << 14;

    private final AtomicLongArray bits = new AtomicLongArray(BITS / Long.SIZE);

    private final AtomicInteger firstSightings = new AtomicInteger();

    /** Records a sighting of {@code text}; whether it was (probably) seen before. */
    boolean seenBefore(String text) {
        int hash = text.hashCode() * 0x9E3779B9;
        int first = (hash >>> 15) & (BITS - 1);
        int second = ((hash * 0x85EBCA6B) ^ (hash >>> 16)) & (BITS - 1);
        boolean seen = set(first) & set(second);
        if (!seen && this.firstSightings.incrementAndGet() >= RESET_AFTER) {
            this.firstSightings.set(0);
            for (int i = 0; i < this.bits.length(); i++) {
                this.bits.set(i, 0);
            }
        }
        return seen;
    }

    /** Sets the bit; whether it was set already. */
    private boolean set(int bit) {
        long mask = 1L << bit;
        int index = bit >>> 6;
        long word = this.bits.get(index);
        return (word & mask) != 0 || (this.bits.getAndUpdate(index, w -> w | mask) & mask) != 0;
    }
}
