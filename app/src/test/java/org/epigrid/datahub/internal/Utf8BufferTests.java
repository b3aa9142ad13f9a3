package org.epigrid.datahub.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8BufferTests {

	@Test
	void encodesTextExactlyAsGetBytesDoes() {
		String[] texts = { "", "abc,123", "湖北省武汉市", "ü and é", "😷 mask", "lone \uD83D high", "lone \uDE37 low",
				"end high \uD83D", "𠀀𠀁 (CJK extension B)" };
		Utf8Buffer buffer = new Utf8Buffer(1);
		StringBuilder all = new StringBuilder();
		for (String text : texts) {
			buffer.text(text).ascii('|').number(-42L);
			all.append(text).append('|').append(-42L);
		}
		assertThat(buffer.length()).isEqualTo(all.toString().getBytes(StandardCharsets.UTF_8).length);
		assertThat(buffer.take()).isEqualTo(all.toString().getBytes(StandardCharsets.UTF_8));
		assertThat(buffer.length()).isZero();
	}

}
