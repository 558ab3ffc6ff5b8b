package io.github.cachalot.sample.web;

import java.math.BigDecimal;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.github.cachalot.sample.report.ReportService;

/** The shop's reports over HTTP. */
@RestController
@RequestMapping("/api/reports")
class ReportController {

	private final ReportService reports;

	ReportController(ReportService reports) {
		this.reports = reports;
	}

	@GetMapping("/top-authors")
	List<ReportService.AuthorRating> topAuthors() {
		return this.reports.topAuthors();
	}

	@GetMapping("/stock-value")
	BigDecimal stockValue() {
		return this.reports.stockValue();
	}

	@GetMapping("/low-stock")
	List<ReportService.LowStock> lowStock(@RequestParam(defaultValue = "5") int below) {
		return this.reports.lowStock(below);
	}

}
