package org.epigrid.demo.internal;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fixed list of values with weights, sampled by binary search over the cumulative
 * weights.
 *
 * @param <T> the value type
 */
final class Weighted<T> {

	private final List<T> values;

	private final double[] cumulative;

	private Weighted(List<T> values, double[] weights) {
		if (values.isEmpty() || values.size() != weights.length) {
			throw new IllegalArgumentException("need one weight per value");
		}
		this.values = List.copyOf(values);
		this.cumulative = new double[weights.length];
		double sum = 0;
		for (int i = 0; i < weights.length; i++) {
			if (weights[i] < 0) {
				throw new IllegalArgumentException("negative weight");
			}
			sum += weights[i];
			this.cumulative[i] = sum;
		}
	}

	static <T> Weighted<T> of(List<T> values, double... weights) {
		return new Weighted<>(values, weights);
	}

	static <T> Weighted<T> uniform(List<T> values) {
		double[] weights = new double[values.size()];
		Arrays.fill(weights, 1);
		return new Weighted<>(values, weights);
	}

	T pick(SplittableRandom random) {
		double x = random.nextDouble() * this.cumulative[this.cumulative.length - 1];
		int i = Arrays.binarySearch(this.cumulative, x);
		i = (i >= 0) ? i + 1 : -i - 1;
		return this.values.get(Math.min(i, this.values.size() - 1));
	}

	List<T> values() {
		return this.values;
	}

}
