package io.github.cachalot.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/** {@code unwrap} and {@code isWrapperFor} for the proxies: themselves, then what they wrap. */
final class Unwrapping {

	private Unwrapping() {
	}

	static <T> T unwrap(Wrapper proxy, Wrapper delegate, Class<T> iface) throws SQLException {
		if (iface.isInstance(proxy)) {
			return iface.cast(proxy);
		}
		if (iface.isInstance(delegate)) {
			return iface.cast(delegate);
		}
		return delegate.unwrap(iface);
	}

	static boolean isWrapperFor(Wrapper proxy, Wrapper delegate, Class<?> iface) throws SQLException {
		return iface.isInstance(proxy) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
	}

}
