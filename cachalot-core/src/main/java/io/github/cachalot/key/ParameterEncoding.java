package io.github.cachalot.key;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.util.UUID;

/** Writes one bound value as a type tag followed by an exact encoding of the value. */
final class ParameterEncoding {

	private ParameterEncoding() {
	}

	static void write(Object value, KeyBuffer buffer) {
		if (value == null) {
			buffer.putByte(0);
		}
		else if (value instanceof String string) {
			buffer.putByte(1);
			buffer.putString(string);
		}
		else if (value instanceof Integer number) {
			buffer.putByte(2);
			buffer.putInt(number);
		}
		else if (value instanceof Long number) {
			buffer.putByte(3);
			buffer.putLong(number);
		}
		else if (value instanceof Boolean bool) {
			buffer.putByte(bool ? 5 : 4);
		}
		else if (value instanceof BigDecimal decimal) {
			buffer.putByte(6);
			buffer.putBytes(decimal.unscaledValue().toByteArray());
			buffer.putInt(decimal.scale());
		}
		else if (value instanceof Short number) {
			buffer.putByte(7);
			buffer.putInt(number);
		}
		else if (value instanceof Byte number) {
			buffer.putByte(8);
			buffer.putInt(number);
		}
		else if (value instanceof Double number) {
			buffer.putByte(9);
			buffer.putLong(Double.doubleToRawLongBits(number));
		}
		else if (value instanceof Float number) {
			buffer.putByte(10);
			buffer.putInt(Float.floatToRawIntBits(number));
		}
		else if (value instanceof BigInteger integer) {
			buffer.putByte(11);
			buffer.putBytes(integer.toByteArray());
		}
		else if (value instanceof byte[] bytes) {
			buffer.putByte(12);
			buffer.putBytes(bytes);
		}
		else if (value instanceof Character character) {
			buffer.putByte(13);
			buffer.putInt(character);
		}
		else if (value instanceof Timestamp timestamp) {
			buffer.putByte(14);
			buffer.putLong(timestamp.getTime());
			buffer.putInt(timestamp.getNanos());
		}
		else if (value instanceof java.sql.Date date) {
			buffer.putByte(15);
			buffer.putLong(date.getTime());
		}
		else if (value instanceof java.sql.Time time) {
			buffer.putByte(16);
			buffer.putLong(time.getTime());
		}
		else if (value instanceof java.util.Date date) {
			buffer.putByte(17);
			buffer.putLong(date.getTime());
		}
		else if (value instanceof UUID uuid) {
			buffer.putByte(18);
			buffer.putLong(uuid.getMostSignificantBits());
			buffer.putLong(uuid.getLeastSignificantBits());
		}
		else if (value instanceof BoundParameters.SqlArray array) {
			buffer.putByte(20);
			buffer.putString(array.baseTypeName());
			writeElements(array.elements(), buffer);
		}
		else if (value instanceof Object[] array) {
			buffer.putByte(21);
			buffer.putString(array.getClass().getComponentType().getName());
			writeElements(array, buffer);
		}
		else if (value.getClass().isArray()) {
			int length = java.lang.reflect.Array.getLength(value);
			buffer.putByte(22);
			buffer.putString(value.getClass().getComponentType().getName());
			buffer.putInt(length);
			for (int i = 0; i < length; i++) {
				buffer.putString(String.valueOf(java.lang.reflect.Array.get(value, i)));
			}
		}
		else {
			// java.time values: their ISO-8601 forms are exact and distinct per type
			buffer.putByte(19);
			buffer.putString(value.getClass().getName());
			buffer.putString(value.toString());
		}
	}

	private static void writeElements(Object[] elements, KeyBuffer buffer) {
		buffer.putInt(elements.length);
		for (Object element : elements) {
			write(element, buffer);
		}
	}

}
