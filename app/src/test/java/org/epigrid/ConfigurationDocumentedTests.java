package org.epigrid;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setting the code reads ({@code @ConfigurationProperties} records and
 * {@code ${epigrid.…}} placeholders) has a row in the README's configuration table: an
 * operator at 2 a.m. reads the README, not the code. A row may name several settings of
 * one prefix as {@code `prefix.a`, `…b`}.
 */
class ConfigurationDocumentedTests {

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(epigrid\\.[a-z0-9.-]+)");

	@Test
	void everySettingUsedInCodeIsInTheReadmesConfigurationTable() throws Exception {
		Set<String> settings = new TreeSet<>();
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		for (BeanDefinition definition : scanner.findCandidateComponents("org.epigrid")) {
			Class<?> type = ClassUtils.forName(definition.getBeanClassName(), getClass().getClassLoader());
			String prefix = type.getAnnotation(ConfigurationProperties.class).value();
			settings.addAll(keys(prefix, type));
		}
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
			for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
				Matcher m = PLACEHOLDER.matcher(Files.readString(source));
				while (m.find()) {
					settings.add(m.group(1));
				}
			}
		}
		// the data folder has its own row (EPIGRID_HOME)
		settings.removeAll(Set.of("epigrid.home", "epigrid.db.home"));
		assertThat(settings).hasSizeGreaterThan(30);

		List<String> table = configurationTable();
		List<String> missing = settings.stream().filter(key -> !documented(key, table)).toList();
		assertThat(missing).as("settings missing from the README's configuration table").isEmpty();
	}

	private static Set<String> keys(String prefix, Class<?> type) {
		Set<String> keys = new TreeSet<>();
		if (!type.isRecord()) {
			return keys;
		}
		for (RecordComponent component : type.getRecordComponents()) {
			String key = prefix + "." + kebab(component.getName());
			Class<?> nested = component.getType();
			if (nested.isRecord() && nested.getName().startsWith("org.epigrid")) {
				keys.addAll(keys(key, nested));
			}
			else {
				keys.add(key);
			}
		}
		return keys;
	}

	private static String kebab(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

	private static boolean documented(String key, List<String> table) {
		for (String row : table) {
			if (row.contains("`" + key + "`")) {
				return true;
			}
			int dot = key.lastIndexOf('.');
			String parent = key.substring(0, dot + 1);
			if (row.contains("`" + parent) && row.contains("`…" + key.substring(dot + 1) + "`")) {
				return true;
			}
		}
		return false;
	}

	private static List<String> configurationTable() throws IOException {
		List<String> rows = new ArrayList<>();
		boolean inside = false;
		for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
			if (line.startsWith("## ")) {
				inside = line.equals("## Configuration");
			}
			else if (inside && line.startsWith("|")) {
				rows.add(line.substring(0, line.indexOf('|', 1) + 1));
			}
		}
		return rows;
	}

}
