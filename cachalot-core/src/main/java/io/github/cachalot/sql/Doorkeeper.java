package io.github.cachalot.sql;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Remembers, approximately and in fixed space, which strings were seen lately, as TinyLFU's
 * doorkeeper does: a direct-mapped table of string hashes, where each sighting takes the slot of
 * its hash. A string is taken for seen before when its slot still holds its hash: wrongly only when
 * another string with the same 32-bit hash came (about one in 2<sup>18</sup> of those that share
 * its slot), so that SQL seen once (a stream of never-repeated literal statements) almost never
 * costs an analysis; a string whose slot was taken meanwhile (after some {@value #SLOTS} other
 * strings) counts as new once more. Thread-safe, lock-free.
 */
final class Doorkeeper {

    private static final int SLOT_BITS = 14;

    static final int SLOTS = 1 << SLOT_BITS; // 64 KiB

    private final AtomicIntegerArray hashes = new AtomicIntegerArray(SLOTS);

    /** Records a sighting of {@code text}; whether it was (probably) seen before. */
    boolean seenBefore(String text) {
        int hash = text.hashCode();
        hash = hash == 0 ? 1 : hash; // 0 marks an empty slot
        int slot = (hash * 0x9E3779B9) >>> (Integer.SIZE - SLOT_BITS);
        return this.hashes.getAndSet(slot, hash) == hash;
    }
}
