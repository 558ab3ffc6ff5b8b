package io.github.cachalot.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A plain HTTP client for the bookshop running on a local port. */
final class BookshopClient {

	private final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	BookshopClient(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/** The address of a path of the shop. */
	URI uri(String path) {
		return URI.create(this.base + path);
	}

	/** The value of an {@code Authorization} header that logs in with HTTP Basic. */
	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	String get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET().build(), 200);
	}

	String post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), 201);
	}

	String put(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build(), 200);
	}

	private String send(HttpRequest request, int expectedStatus) {
		HttpResponse<String> response = send(request);
		if (response.statusCode() != expectedStatus) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
					+ response.statusCode() + ": " + response.body());
		}
		return response.body();
	}

	/** Sends the request and returns the response, whatever its status. */
	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
