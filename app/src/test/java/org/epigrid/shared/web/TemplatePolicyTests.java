package org.epigrid.shared.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Content-Security-Policy allows no inline script or style: no template may need one
 * (it would silently stop working in the browser).
 */
class TemplatePolicyTests {

	private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern INLINE_STYLE = Pattern.compile("<style\\b|\\sstyle=|th:style=|th:attr=\"[^\"]*style=",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern EVENT_HANDLER = Pattern.compile("\\s(th:)?on[a-z]+=|javascript:|hx-on",
			Pattern.CASE_INSENSITIVE);

	@Test
	void templatesHaveNoInlineScriptsStylesOrEventHandlers() throws IOException {
		try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
			List<Path> templates = files.filter(p -> p.toString().endsWith(".html")).toList();
			assertThat(templates).isNotEmpty();
			for (Path template : templates) {
				String html = Files.readString(template);
				assertThat(INLINE_SCRIPT.matcher(html).find()).as("inline <script> in %s", template).isFalse();
				assertThat(INLINE_STYLE.matcher(html).find()).as("inline style in %s", template).isFalse();
				assertThat(EVENT_HANDLER.matcher(html).find()).as("event handler attribute in %s", template).isFalse();
			}
		}
	}

}
