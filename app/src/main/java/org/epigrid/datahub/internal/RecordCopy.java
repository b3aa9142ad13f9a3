package org.epigrid.datahub.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.epigrid.datahub.DataCategory;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Writes accepted records with PostgreSQL {@code COPY} on the import's own transaction
 * connection: several times cheaper than an {@code INSERT} per batch, and still rolled
 * back with the job if it fails.
 * <p>
 * The reading half of a job formats a batch ({@link #format}) with the person links it
 * resolved; the few records whose link only the writing half can give (a provisional
 * person it creates) are left open ({@link Formatted#open}), and {@link #write} fills
 * them in while sending the rows in chunks.
 */
final class RecordCopy {

	private static final String COPY = """
			COPY source_record (job_id, source_id, category, row_number, name, id_number, phone, occurred_at, fields,
			                    created_at, place_keys, person_id, link_method, link_score)
			FROM STDIN (FORMAT csv)""";

	private static final int CHUNK = 64 * 1024;

	private final DataSource dataSource;

	RecordCopy(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * A batch's records as {@code COPY} CSV (UTF-8) in parts: the rows up to the first
	 * open record's link, then from there to the next open one, and so on.
	 *
	 * @param parts the parts, one more than the open records
	 * @param open the index in the batch of each record whose link goes after the part of
	 * the same position
	 */
	record Formatted(List<byte[]> parts, int[] open) {
	}

	/**
	 * Formats a batch's records (on the reading half of a job).
	 * @param jobId the job
	 * @param sourceId its source
	 * @param category the source's category
	 * @param imported the import time
	 * @param batch the records
	 * @param places the ids of the batch's place names
	 * @param personIds the person of each record, if known
	 * @param methods the link method of each record; {@code null} leaves the link open
	 * @param scores the link score of each record
	 * @return the rows
	 */
	static Formatted format(long jobId, long sourceId, DataCategory category, Instant imported, List<AcceptedRow> batch,
			Map<String, Long> places, Long[] personIds, LinkMethod[] methods, Float[] scores) {
		Utf8Buffer csv = new Utf8Buffer(Math.min(batch.size(), 2_000) * 400);
		List<byte[]> parts = new ArrayList<>();
		int[] open = new int[batch.size() + batch.size() / 100 + 1];
		int opened = 0;
		String prefix = jobId + "," + sourceId + "," + category.name() + ",";
		String created = imported.toString();
		for (int i = 0; i < batch.size(); i++) {
			RecordValidator.ValidRecord r = batch.get(i).record();
			csv.ascii(prefix).number(batch.get(i).rowNumber()).ascii(',');
			quoted(csv, r.name()).ascii(',');
			quoted(csv, r.idNumber()).ascii(',');
			quoted(csv, r.phone()).ascii(',');
			if (r.occurredAt() != null) {
				csv.ascii(r.occurredAt().toString());
			}
			csv.ascii(',');
			RecordJson.appendCsvQuoted(csv.ascii('"'), r.fields()).ascii("\",");
			csv.ascii(created).ascii(',');
			long[] keys = RecordPlaces.keys(category, r, imported, places);
			if (keys != null) {
				csv.ascii("\"{");
				for (int k = 0; k < keys.length; k++) {
					if (k > 0) {
						csv.ascii(',');
					}
					csv.number(keys[k]);
				}
				csv.ascii("}\"");
			}
			csv.ascii(',');
			if (methods[i] != null) {
				link(csv, personIds[i], methods[i], scores[i]);
			}
			else {
				parts.add(csv.take());
				open = room(open, opened);
				open[opened++] = i;
			}
			if (csv.length() >= CHUNK) {
				// sent in chunks: the database parses one while the next is sent
				parts.add(csv.take());
				open = room(open, opened);
				open[opened++] = -1;
			}
		}
		parts.add(csv.take());
		return new Formatted(parts, Arrays.copyOf(open, opened));
	}

	private static int[] room(int[] open, int used) {
		return (used < open.length) ? open : Arrays.copyOf(open, open.length * 2);
	}

	/**
	 * Writes a formatted batch, filling in the open links.
	 * @return the number of records written
	 */
	long write(Formatted rows, Long[] personIds, LinkMethod[] methods, Float[] scores) {
		// the connection of the surrounding transaction: released by the transaction, not
		// here
		Connection connection = DataSourceUtils.getConnection(this.dataSource);
		CopyIn copy = null;
		try {
			copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
			Utf8Buffer link = new Utf8Buffer(64);
			for (int p = 0; p < rows.parts().size(); p++) {
				byte[] part = rows.parts().get(p);
				copy.writeToCopy(part, 0, part.length);
				if (p < rows.open().length && rows.open()[p] >= 0) {
					int i = rows.open()[p];
					byte[] bytes = link(link, personIds[i], methods[i], scores[i]).take();
					copy.writeToCopy(bytes, 0, bytes.length);
				}
			}
			return copy.endCopy();
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException("COPY into source_record failed: " + ex.getMessage(), ex);
		}
		finally {
			cancel(copy);
		}
	}

	/** A record's link columns and the end of its row. */
	private static Utf8Buffer link(Utf8Buffer csv, Long personId, LinkMethod method, Float score) {
		if (personId != null) {
			csv.number(personId);
		}
		csv.ascii(',');
		if (method != null) {
			csv.ascii(method.name());
		}
		csv.ascii(',');
		if (score != null) {
			csv.ascii(score.toString());
		}
		return csv.ascii('\n');
	}

	/** Ends a COPY cut short by an exception, so that the connection can roll back. */
	private static void cancel(CopyIn copy) {
		if (copy != null && copy.isActive()) {
			try {
				copy.cancelCopy();
			}
			catch (SQLException ex) {
				// the transaction rolls back anyway
			}
		}
	}

	/**
	 * A CSV field: {@code null} as an empty unquoted field (SQL NULL), text quoted with
	 * inner quotes doubled (an empty string stays an empty string).
	 */
	private static Utf8Buffer quoted(Utf8Buffer csv, String value) {
		if (value == null) {
			return csv;
		}
		return csv.ascii('"').text((value.indexOf('"') < 0) ? value : value.replace("\"", "\"\"")).ascii('"');
	}

}
