package io.github.cachalot.sample.activity;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;

import io.github.cachalot.autoconfigure.observation.CachalotReadObservationContext;

/**
 * The statements of the last HTTP requests and how cachalot answered each (hit, miss, or bypass and
 * why), as django-cachalot's debug-toolbar panel showed them: fed by the {@code cachalot.read}
 * observations, each of which is a child of its request's {@code http.server.requests} one. Keeps
 * the last {@value #MAX_REQUESTS} requests that read something, {@value #MAX_STATEMENTS} statements
 * of each at most, so that it stays small however busy the shop is.
 */
@Component
public class RecentRequests implements ObservationHandler<Observation.Context> {

	static final int MAX_REQUESTS = 20;

	static final int MAX_STATEMENTS = 50;

	private final Deque<Request> requests = new ArrayDeque<>();

	/** One statement of a request. */
	public record Statement(String outcome, String reason, List<String> tables, String sql) {
	}

	/** A request and its statements, the first {@value #MAX_STATEMENTS} of them; {@code more} counts the rest. */
	public record Request(Instant at, String method, String path, int status, List<Statement> statements, int more) {
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof CachalotReadObservationContext || context instanceof ServerRequestObservationContext;
	}

	@Override
	public void onStop(Observation.Context context) {
		if (context instanceof CachalotReadObservationContext read) {
			Observation.Context request = requestOf(read);
			if (request != null) {
				request.computeIfAbsent(Statements.class, (key) -> new Statements()).add(read);
			}
		}
		else if (context instanceof ServerRequestObservationContext request) {
			Statements statements = request.get(Statements.class);
			if (statements != null) {
				remember(request, statements);
			}
		}
	}

	/** The last requests that read something, the latest first. */
	public List<Request> last() {
		synchronized (this.requests) {
			return List.copyOf(this.requests);
		}
	}

	private void remember(ServerRequestObservationContext context, Statements statements) {
		HttpServletRequest request = context.getCarrier();
		int status = (context.getResponse() != null) ? context.getResponse().getStatus() : 0;
		Request done = new Request(Instant.now(), request.getMethod(), request.getRequestURI(), status,
				statements.list(), statements.more());
		synchronized (this.requests) {
			this.requests.addFirst(done);
			while (this.requests.size() > MAX_REQUESTS) {
				this.requests.removeLast();
			}
		}
	}

	/** The request observation the read was made under, if any (a read at startup has none). */
	private static Observation.Context requestOf(Observation.Context read) {
		for (ObservationView parent = read.getParentObservation(); parent != null;
				parent = parent.getContextView().getParentObservation()) {
			if (parent.getContextView() instanceof ServerRequestObservationContext request) {
				return request;
			}
		}
		return null;
	}

	/** The statements of one request so far, kept in the request's observation context. */
	private static final class Statements {

		private final List<Statement> statements = new ArrayList<>();

		private int more;

		synchronized void add(CachalotReadObservationContext read) {
			if (this.statements.size() < MAX_STATEMENTS) {
				this.statements.add(new Statement(read.getOutcome().value(), read.getReason(),
						List.copyOf(read.getTables()), read.getSql()));
			}
			else {
				this.more++;
			}
		}

		synchronized List<Statement> list() {
			return List.copyOf(this.statements);
		}

		synchronized int more() {
			return this.more;
		}

	}

}
