package org.epigrid.gridops.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Collectors;

import org.epigrid.security.MessageSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Escalates overdue tasks up the service chain, one level a check (informant → grid
 * worker → village or community → township), and tells the staff of each division that
 * received tasks by text message (one message per division and check, the count in it).
 */
@Component
public class TaskEscalation {

	private static final Logger log = LoggerFactory.getLogger(TaskEscalation.class);

	private final TaskRepository tasks;

	private final MessageSender messages;

	private final GridopsProperties settings;

	private final TransactionTemplate transactions;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private volatile ScheduledFuture<?> polling;

	TaskEscalation(TaskRepository tasks, MessageSender messages, GridopsProperties settings,
			TransactionTemplate transactions, TaskScheduler scheduler, Clock clock) {
		this.tasks = tasks;
		this.messages = messages;
		this.settings = settings;
		this.transactions = transactions;
		this.scheduler = scheduler;
		this.clock = clock;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		this.polling = this.scheduler.scheduleWithFixedDelay(() -> {
			try {
				escalateDue(this.clock.instant());
			}
			catch (RuntimeException ex) {
				log.warn("Escalating overdue tasks failed: {}", ex.toString());
			}
		}, this.settings.escalationCheck());
	}

	@EventListener(ContextClosedEvent.class)
	void stop() {
		ScheduledFuture<?> running = this.polling;
		if (running != null) {
			running.cancel(false);
		}
	}

	/**
	 * Escalates the tasks overdue at a time, one level up, and tells the receiving staff.
	 * @param now the time (the scheduler passes the clock's)
	 * @return tasks escalated
	 */
	public int escalateDue(Instant now) {
		List<TaskRepository.Escalated> climbed = this.transactions
			.execute(s -> this.tasks.escalate(now, this.settings.escalationGrace()));
		if (climbed == null || climbed.isEmpty()) {
			return 0;
		}
		Map<String, Integer> byPath = climbed.stream()
			.collect(Collectors.toMap(TaskRepository.Escalated::path, TaskRepository.Escalated::tasks));
		for (String[] post : this.tasks.staffPhones(List.copyOf(byPath.keySet()))) {
			this.messages.send(post[1], "TASK_ESCALATED", "【网格任务】" + byPath.get(post[0]) + " 项任务已超时，升级至您处理，请登录查看。" + " "
					+ byPath.get(post[0]) + " overdue tasks escalated to you.");
		}
		int total = byPath.values().stream().mapToInt(Integer::intValue).sum();
		log.info("Escalated {} overdue tasks to {} divisions", total, byPath.size());
		return total;
	}

}
