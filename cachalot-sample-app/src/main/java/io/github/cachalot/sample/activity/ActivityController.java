package io.github.cachalot.sample.activity;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The statements of the last requests, for the dashboard. Like the debug toolbar it imitates, a
 * development view: {@code SecurityConfiguration} lets only the local machine read it.
 */
@RestController
class ActivityController {

	private final RecentRequests recentRequests;

	ActivityController(RecentRequests recentRequests) {
		this.recentRequests = recentRequests;
	}

	@GetMapping("/api/activity/requests")
	List<RecentRequests.Request> requests() {
		return this.recentRequests.last();
	}

}
