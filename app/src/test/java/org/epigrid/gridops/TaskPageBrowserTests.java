package org.epigrid.gridops;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.shared.health.ContactStatusChanged;
import org.epigrid.support.BrowserSession;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A grid worker on a 390 px phone in real headless Chromium: a new close contact of their
 * grid is on today's tasks, most urgent first; one tap records that they were told.
 */
@IntegrationTest
class TaskPageBrowserTests {

	@RegisterExtension
	static final BrowserSession browser = new BrowserSession(390, 844);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserManagement users;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	Clock clock;

	@Test
	void aGridWorkerSeesTodaysTasksAndRecordsAnOutcome() {
		String grid = this.jdbc.sql("SELECT path FROM division WHERE level = 'GRID' ORDER BY id DESC LIMIT 1 OFFSET 1")
			.query(String.class)
			.single();
		long person = this.jdbc
			.sql("""
					INSERT INTO person (name, document_type, document_number, sex, path, population_type, phone, created_at,
					                    updated_at)
					VALUES ('手机任务', 'RESIDENT_ID', :n, 'UNKNOWN', :path, 'RESIDENT', '13912345678', now(), now()) RETURNING id""")
			.param("n", org.epigrid.support.TestIds.valid())
			.param("path", grid)
			.query(Long.class)
			.single();
		try {
			this.tx.executeWithoutResult(s -> this.events
				.publishEvent(new ContactStatusChanged(List.of(person), ContactLevel.CLOSE, this.clock.instant())));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.jdbc.sql("SELECT count(*) FROM gridops_task WHERE person_id = :p")
					.param("p", person)
					.query(Long.class)
					.single() == 1);
			String worker = "phone" + System.nanoTime() % 1_000_000;
			this.users.create(new NewUser(worker, "网格员", "grid-worker-password", EnumSet.of(Role.GRID_WORKER), grid));

			var driver = browser.driver();
			driver.get("http://127.0.0.1:" + this.port + "/login");
			driver.findElement(By.id("username")).sendKeys(worker);
			driver.findElement(By.id("password")).sendKeys("grid-worker-password");
			driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
			browser.waiting().until(ExpectedConditions.urlContains("/population/map"));
			driver.get("http://127.0.0.1:" + this.port + "/gridops/tasks");
			browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("tasks")));
			WebElement task = driver.findElement(By.cssSelector("#tasks li[data-kind='CLOSE_CONTACT']"));
			assertThat(task.getText()).contains("密接通知").contains("13912345678");
			browser.screenshot("gridops-tasks-phone");
			task.findElement(By.cssSelector("button.done")).click();
			browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("recorded")));
			assertThat(this.jdbc.sql("SELECT status || '/' || outcome FROM gridops_task WHERE person_id = :p")
				.param("p", person)
				.query(String.class)
				.single()).isEqualTo("DONE/INFORMED");
		}
		finally {
			// the person leaves the grid again: other tests take "the grid's last
			// persons"
			this.jdbc.sql("DELETE FROM gridops_task WHERE person_id = :p").param("p", person).update();
			this.jdbc.sql("DELETE FROM person WHERE id = :p").param("p", person).update();
		}
	}

}
