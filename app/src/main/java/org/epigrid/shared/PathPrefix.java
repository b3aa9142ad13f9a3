package org.epigrid.shared;

import java.util.Objects;

/**
 * A materialised-path prefix ({@code /32/3205/320507/}) turned into the half-open range
 * {@code [lower, upper)} of all paths below it, so that SQL can use an index range
 * ({@code path >= :lower AND path < :upper}) in the C collation even in generic plans,
 * where {@code LIKE :prefix || '%'} could not.
 *
 * @param lower the prefix itself (inclusive)
 * @param upper the first string after every string that starts with the prefix
 * (exclusive)
 */
public record PathPrefix(String lower, String upper) {

	/**
	 * Checks the bounds.
	 * @param lower inclusive bound
	 * @param upper exclusive bound
	 */
	public PathPrefix {
		Objects.requireNonNull(lower, "lower");
		Objects.requireNonNull(upper, "upper");
	}

	/**
	 * The range of every string starting with {@code prefix}.
	 * @param prefix a non-empty prefix
	 * @return the range
	 */
	public static PathPrefix of(String prefix) {
		if (prefix == null || prefix.isEmpty()) {
			throw new InvalidValueException("prefix must not be empty");
		}
		int last = prefix.codePointBefore(prefix.length());
		String head = prefix.substring(0, prefix.length() - Character.charCount(last));
		return new PathPrefix(prefix, head + Character.toString(last + 1));
	}

	/**
	 * Whether {@code path} lies in this range.
	 * @param path a path, may be {@code null}
	 * @return {@code true} if {@code path} starts with the prefix
	 */
	public boolean contains(String path) {
		return path != null && path.startsWith(this.lower);
	}

}
