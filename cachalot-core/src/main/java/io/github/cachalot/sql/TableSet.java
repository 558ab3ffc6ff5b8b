package io.github.cachalot.sql;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * An immutable set of table names, iterated in their natural order, whose hash code is computed
 * once: the tables of an analysis key memos that are looked up on every statement.
 */
final class TableSet extends AbstractSet<String> {

    static final TableSet EMPTY = new TableSet(new String[0]);

    private final String[] names;

    private final int hash;

    private TableSet(String[] names) {
        this.names = names;
        int hash = 0;
        for (String name : names) {
            hash += name.hashCode();
        }
        this.hash = hash;
    }

    /** The distinct names of the collection, sorted; none may be null. */
    static TableSet of(Collection<String> tables) {
        if (tables.isEmpty()) {
            return EMPTY;
        }
        String[] names = tables.stream().distinct().sorted().toArray(String[]::new);
        return new TableSet(names);
    }

    @Override
    public boolean contains(Object candidate) {
        return candidate instanceof String name && Arrays.binarySearch(this.names, name) >= 0;
    }

    @Override
    public int size() {
        return this.names.length;
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {

            private int next;

            @Override
            public boolean hasNext() {
                return this.next < TableSet.this.names.length;
            }

            @Override
            public String next() {
                if (this.next >= TableSet.this.names.length) {
                    throw new NoSuchElementException();
                }
                return TableSet.this.names[this.next++];
            }

        };
    }

    /** Without an iterator: the tables of a write are walked several times on every write. */
    @Override
    public void forEach(Consumer<? super String> action) {
        for (String name : this.names) {
            action.accept(name);
        }
    }

    @Override
    public Object[] toArray() {
        return this.names.clone();
    }

    @Override
    public int hashCode() {
        return this.hash;
    }

}
