-- Overdue tasks climb the service chain (issue 15): micro-grid informant → grid worker →
-- village or community → township, each climb counted; population's staff posts publish
-- their phones for the notice.
ALTER TABLE gridops_task ADD COLUMN escalations SMALLINT NOT NULL DEFAULT 0;

CREATE OR REPLACE VIEW population_staff_post AS
SELECT s.division_id, d.path, d.level, s.role, s.username, s.phone
FROM grid_staff s
JOIN division d ON d.id = s.division_id;

-- open, accepted and escalated tasks are the worker's list and the escalation's work
DROP INDEX gridops_task_assignee_idx;
CREATE INDEX gridops_task_assignee_idx ON gridops_task (assignee_path, due_at)
	WHERE status IN ('OPEN', 'ACCEPTED', 'ESCALATED');
CREATE INDEX gridops_task_due_idx ON gridops_task (due_at) WHERE status IN ('OPEN', 'ACCEPTED', 'ESCALATED');
