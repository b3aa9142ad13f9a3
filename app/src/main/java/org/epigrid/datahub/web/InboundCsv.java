package org.epigrid.datahub.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;
import org.epigrid.datahub.ScreenedPerson;
import org.epigrid.datahub.Screening;
import org.epigrid.shared.CsvCell;

import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;

/**
 * Writes an inbound screening as CSV for grid workers: one row per person, grouped by
 * grid (persons without a grid last), in UTF-8 with a byte-order mark so that Excel reads
 * the Chinese text correctly.
 */
final class InboundCsv {

	private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

	private InboundCsv() {
	}

	static void write(Screening screening, MessageSource messages, Locale locale, ZoneId zone,
			HttpServletResponse response) throws IOException {
		response.setContentType("text/csv;charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment()
					.filename("inbound-" + screening.city() + "-" + screening.days() + "d.csv", StandardCharsets.UTF_8)
					.build()
					.toString());
		OutputStream out = response.getOutputStream();
		out.write(BOM);
		Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		line(writer,
				List.of("grid", "gridPath", "status", "name", "idNumber", "phone", "latestArrival", "origin",
						"destination", "evidence")
					.stream()
					.map(h -> messages.getMessage("inbound.csv." + h, null, locale))
					.toList());
		for (ScreenedPerson p : screening.persons()) {
			line(writer, List.of(text(p.gridName()), text(p.gridPath()),
					messages.getMessage("inbound.status." + p.status(), null, locale), text(p.name()),
					text(p.idNumber()), text(p.phone()), time(p.latestArrival(), zone), text(p.origin()),
					text(p.destination()),
					p.evidence().stream().map(e -> e.source() + "#" + e.recordId()).collect(Collectors.joining(" "))));
		}
		writer.flush();
	}

	private static String text(String value) {
		return (value != null) ? value : "";
	}

	private static String time(Instant instant, ZoneId zone) {
		return (instant != null) ? TIME.format(instant.atZone(zone)) : "";
	}

	private static void line(Writer writer, List<String> cells) throws IOException {
		writer.write(cells.stream().map(CsvCell::of).collect(Collectors.joining(",")));
		writer.write("\r\n");
	}

}
