package io.github.cachalot.key;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer for canonical key encodings; every field is typed or length-prefixed. */
final class KeyBuffer {

	private byte[] bytes;

	private int size;

	KeyBuffer(int capacity) {
		this.bytes = new byte[Math.max(16, capacity)];
	}

	void putByte(int b) {
		ensure(1);
		this.bytes[this.size++] = (byte) b;
	}

	void putInt(int value) {
		ensure(4);
		for (int shift = 24; shift >= 0; shift -= 8) {
			this.bytes[this.size++] = (byte) (value >>> shift);
		}
	}

	void putLong(long value) {
		ensure(8);
		for (int shift = 56; shift >= 0; shift -= 8) {
			this.bytes[this.size++] = (byte) (value >>> shift);
		}
	}

	void putBytes(byte[] value) {
		putInt(value.length);
		ensure(value.length);
		System.arraycopy(value, 0, this.bytes, this.size, value.length);
		this.size += value.length;
	}

	/** A string, with a distinct encoding for {@code null}. */
	void putString(String value) {
		if (value == null) {
			putInt(-1);
			return;
		}
		putBytes(value.getBytes(StandardCharsets.UTF_8));
	}

	/** How many bytes it can hold without growing. */
	int capacity() {
		return this.bytes.length;
	}

	/** Empties the buffer for reuse, keeping its capacity. */
	void reset() {
		this.size = 0;
	}

	/** Feeds the bytes written so far to a digest. */
	void updateDigest(java.security.MessageDigest digest) {
		digest.update(this.bytes, 0, this.size);
	}

	byte[] toByteArray() {
		return Arrays.copyOf(this.bytes, this.size);
	}

	private void ensure(int more) {
		if (this.size + more > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.size + more));
		}
	}

}
