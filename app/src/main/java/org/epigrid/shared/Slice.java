package org.epigrid.shared;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list that is not counted in full (counting millions of rows on every page
 * is what makes other systems' lists slow): the items and whether there is a next page.
 *
 * @param <T> item type
 * @param items the items of this page
 * @param page zero-based page number
 * @param size page size asked for
 * @param hasNext whether another page follows
 */
public record Slice<T>(List<T> items, int page, int size, boolean hasNext) {

	/**
	 * Builds a slice from a query that fetched {@code size + 1} rows.
	 * @param <T> item type
	 * @param rows up to {@code size + 1} rows
	 * @param request the page asked for
	 * @return the slice
	 */
	public static <T> Slice<T> of(List<T> rows, PageRequest request) {
		boolean more = rows.size() > request.size();
		return new Slice<>(more ? List.copyOf(rows.subList(0, request.size())) : List.copyOf(rows), request.page(),
				request.size(), more);
	}

	/**
	 * Maps the items.
	 * @param <R> new item type
	 * @param mapper the mapping
	 * @return a slice of the mapped items
	 */
	public <R> Slice<R> map(Function<? super T, ? extends R> mapper) {
		return new Slice<>(this.items.stream().<R>map(mapper).toList(), this.page, this.size, this.hasNext);
	}

	/**
	 * A page of a list.
	 *
	 * @param page zero-based page number, at least 0
	 * @param size items per page, 1 to {@value #MAX_SIZE}
	 */
	public record PageRequest(int page, int size) {

		/** The largest page. */
		public static final int MAX_SIZE = 200;

		/**
		 * Validates the request.
		 * @param page zero-based page number
		 * @param size items per page
		 * @throws FieldErrorsException naming {@code page} or {@code size}
		 */
		public PageRequest {
			if (page < 0) {
				throw FieldErrorsException.of("page", "must be 0 or more");
			}
			if (size < 1 || size > MAX_SIZE) {
				throw FieldErrorsException.of("size", "must be between 1 and " + MAX_SIZE);
			}
		}

		/**
		 * The row offset of this page.
		 * @return {@code page * size}
		 */
		public long offset() {
			return (long) this.page * this.size;
		}

	}

}
