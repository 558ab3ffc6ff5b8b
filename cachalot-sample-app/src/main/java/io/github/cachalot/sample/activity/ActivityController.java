package io.github.cachalot.sample.activity;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.github.cachalot.autoconfigure.CachalotProperties;

/**
 * The statements of the last requests, for the dashboard, and its switch that turns caching on and
 * off. Like the debug toolbar it imitates, a
 * development view: {@code SecurityConfiguration} lets only the local machine read it.
 */
@RestController
class ActivityController {

	private final RecentRequests recentRequests;

	private final CachalotProperties cachalot;

	ActivityController(RecentRequests recentRequests, CachalotProperties cachalot) {
		this.recentRequests = recentRequests;
		this.cachalot = cachalot;
	}

	/**
	 * Switches caching on or off for every thread, from the next statement (a live setting: while
	 * off, writes still invalidate, so switching back on is safe). Watch the hit ratio follow.
	 */
	@PostMapping("/api/activity/caching")
	Map<String, Boolean> caching(@RequestParam boolean enabled) {
		this.cachalot.setEnabled(enabled);
		return Map.of("enabled", this.cachalot.isEnabled());
	}

	@GetMapping("/api/activity/requests")
	List<RecentRequests.Request> requests() {
		return this.recentRequests.last();
	}

}
