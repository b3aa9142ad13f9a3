package org.epigrid.bench;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.epigrid.codes.internal.token.SigningKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The ceiling of public-key verification (issue 4): raw signature checks per second of
 * the platform's own {@link SigningKey} (ES256 with the JDK, SM2/SM3 with BouncyCastle)
 * over a message the size of a code token's Sig_structure, on one thread and on two.
 * <p>
 * Usage: {@code bench/run-signatures.sh} (JMH: 1 fork, 3 × 2 s warm-up, 5 × 2 s
 * measurement).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SignatureBenchmark {

	@Param({ "ES256", "SM2" })
	public String algorithm;

	private SigningKey key;

	private byte[] message;

	private byte[] signature;

	@Setup
	public void setUp() {
		this.key = SigningKey.generate("bench", SigningKey.Algorithm.valueOf(this.algorithm), Instant.now());
		this.message = new byte[140];
		new java.util.Random(1).nextBytes(this.message);
		this.signature = this.key.sign(this.message);
	}

	@Benchmark
	public boolean verify() {
		return this.key.verify(this.message, this.signature);
	}

	@Benchmark
	public byte[] sign() {
		return this.key.sign(this.message);
	}

	public static void main(String[] args) throws Exception {
		for (int threads : new int[] { 1, 2 }) {
			new Runner(new OptionsBuilder().include(SignatureBenchmark.class.getName())
				.threads(threads)
				.jvmArgsAppend("-Xmx1g")
				.build()).run();
		}
	}

}
