package org.epigrid.datahub;

import java.time.Instant;

/**
 * An import of one file into one source, and how far it got. When completed,
 * {@code rowsRead == rowsAccepted + rowsRejected}, always.
 *
 * @param id id
 * @param sourceCode the source's code
 * @param sourceName the source's name
 * @param category the source's category
 * @param fileName the uploaded file's name
 * @param sizeBytes its size
 * @param contentHash SHA-256 of its content
 * @param format CSV, XLSX or JSONL, once read
 * @param encoding the text encoding found (UTF-8, GB18030 …), once read
 * @param state QUEUED, RUNNING, COMPLETED or FAILED
 * @param rowsRead data rows read so far (blank rows are not data)
 * @param rowsAccepted rows accepted so far
 * @param rowsRejected rows rejected so far, each with its reasons
 * @param blankRows blank rows skipped
 * @param error why the whole file failed, {@code null} unless FAILED
 * @param createdBy who uploaded it
 * @param createdAt when
 * @param startedAt when processing started, may be {@code null}
 * @param finishedAt when it ended, may be {@code null}
 */
public record ImportJob(long id, String sourceCode, String sourceName, DataCategory category, String fileName,
		long sizeBytes, String contentHash, String format, String encoding, State state, long rowsRead,
		long rowsAccepted, long rowsRejected, long blankRows, String error, String createdBy, Instant createdAt,
		Instant startedAt, Instant finishedAt) {

	/**
	 * Whether the job has ended.
	 * @return {@code true} when COMPLETED or FAILED
	 */
	public boolean finished() {
		return this.state == State.COMPLETED || this.state == State.FAILED;
	}

	/**
	 * Where an import is.
	 */
	public enum State {

		/** Waiting for its turn. */
		QUEUED,
		/** Being read. */
		RUNNING,
		/** Every row accepted or rejected. */
		COMPLETED,
		/** The file could not be imported; nothing of it was kept. */
		FAILED

	}

}
