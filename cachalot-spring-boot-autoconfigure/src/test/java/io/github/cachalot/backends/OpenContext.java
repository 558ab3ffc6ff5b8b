package io.github.cachalot.backends;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An application context started by an {@link ApplicationContextRunner} and kept open until
 * {@link #close() closed}, so that many tests can share it. The runner runs on a thread of its
 * own that waits inside the context consumer; closing releases it, and the runner closes the
 * context as usual.
 */
final class OpenContext implements AutoCloseable {

	private final CompletableFuture<AssertableApplicationContext> started = new CompletableFuture<>();

	private final CountDownLatch closing = new CountDownLatch(1);

	private final Thread thread;

	private OpenContext(ApplicationContextRunner runner, String name) {
		this.thread = new Thread(() -> {
			try {
				runner.run((context) -> {
					this.started.complete(context);
					this.closing.await();
				});
			}
			catch (Throwable ex) {
				this.started.completeExceptionally(ex);
			}
		}, "open-context-" + name);
		this.thread.start();
	}

	/** Starts a context with the runner; fails if it does not start. */
	static OpenContext start(ApplicationContextRunner runner, String name) {
		OpenContext open = new OpenContext(runner, name);
		Throwable failure = open.context().getStartupFailure();
		if (failure != null) {
			open.close();
			throw new IllegalStateException("The context for " + name + " did not start", failure);
		}
		return open;
	}

	/** The running context. */
	AssertableApplicationContext context() {
		try {
			return this.started.get(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("The context did not start", ex);
		}
	}

	@Override
	public void close() {
		this.closing.countDown();
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
