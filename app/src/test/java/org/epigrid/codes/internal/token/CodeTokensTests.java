package org.epigrid.codes.internal.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import org.epigrid.codes.Colour;
import org.epigrid.codes.internal.token.CodeTokens.Check;
import org.epigrid.codes.internal.token.CodeTokens.Claims;
import org.epigrid.codes.internal.token.CodeTokens.Decoded;
import org.epigrid.codes.internal.token.CodeTokens.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Code tokens: COSE_Sign1 with a CWT, Base45, signed with ES256 or SM2/SM3; every kind of
 * wrong token is told apart.
 */
class CodeTokensTests {

	static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");

	@TempDir
	Path home;

	@Test
	void es256AndSm2TokensBothVerifyAndCarryTheirClaims() {
		for (String algorithm : new String[] { "ES256", "SM2" }) {
			KeyRing ring = ring(this.home.resolve(algorithm), algorithm, NOW);
			CodeTokens tokens = tokens(ring);
			Claims claims = claims(4711, NOW);
			String token = tokens.issue(claims);
			assertThat(token).startsWith("EGC1:").matches("[0-9A-Z $%*+\\-./:]+").hasSizeLessThan(300);
			Decoded decoded = tokens.decode(token);
			assertThat(decoded.check()).as(algorithm).isEqualTo(Check.SIGNED);
			assertThat(decoded.claims()).isEqualTo(claims);
			assertThat(ring.signing().algorithm().name()).isEqualTo(algorithm);
			assertThat(ring.signing().jwk()).containsEntry("crv", algorithm.equals("SM2") ? "SM2" : "P-256");
		}
	}

	@Test
	void twoTokensOfOnePersonShareNoPseudonym() {
		KeyRing ring = ring(this.home, "ES256", NOW);
		byte[] first = ring.pseudonym(4711);
		byte[] second = ring.pseudonym(4711);
		assertThat(first).isNotEqualTo(second);
		assertThat(ring.person(first)).isEqualTo(4711);
		assertThat(ring.person(second)).isEqualTo(4711);
	}

	@Test
	void aTokenSignedByAnUnknownKeyIsAForgery() {
		CodeTokens tokens = tokens(ring(this.home.resolve("ours"), "ES256", NOW));
		KeyRing theirs = ring(this.home.resolve("theirs"), "ES256", NOW);
		String forged = tokens.issue(claims(1, NOW), theirs.signing());
		assertThat(tokens.decode(forged).check()).isEqualTo(Check.UNKNOWN_KEY);
		// a key of their own that claims the id of ours: the signature does not match
		SigningKey impostor = SigningKey.generate(tokens.decode(tokens.issue(claims(1, NOW))).kid(),
				SigningKey.Algorithm.ES256, NOW);
		assertThat(tokens.decode(tokens.issue(claims(1, NOW), impostor)).check()).isEqualTo(Check.BAD_SIGNATURE);
	}

	@Test
	void anyFlippedBitIsCaught() {
		for (String algorithm : new String[] { "ES256", "SM2" }) {
			anyFlippedBitIsCaught(algorithm, tokens(ring(this.home.resolve(algorithm), algorithm, NOW)));
			// and by the signature alone, when the token was not signed here (memory off)
			anyFlippedBitIsCaught(algorithm, new CodeTokens(ring(this.home.resolve(algorithm), algorithm, NOW),
					new IssuedTokens(0, false, Clock.fixed(NOW, ZoneOffset.UTC)), "EpiGrid"));
		}
	}

	private static void anyFlippedBitIsCaught(String algorithm, CodeTokens tokens) {
		{
			String token = tokens.issue(claims(99, NOW));
			byte[] cose = Base45.decode(token.substring(5));
			for (int bit = 0; bit < cose.length * 8; bit++) {
				byte[] flipped = cose.clone();
				flipped[bit / 8] ^= (byte) (1 << (bit % 8));
				Decoded decoded = tokens.decode("EGC1:" + Base45.encode(flipped));
				assertThat(decoded.check()).as(algorithm + " bit " + bit).isNotEqualTo(Check.SIGNED);
			}
			// a bit of the signed payload: the signature no longer matches
			byte[] payloadBit = cose.clone();
			payloadBit[cose.length - 70] ^= 1;
			assertThat(tokens.decode("EGC1:" + Base45.encode(payloadBit)).check()).isEqualTo(Check.BAD_SIGNATURE);
		}
	}

	@Test
	void aTokenSignedHereIsRecognisedByItsIdAndExactBytesUntilAFewMinutesAfterItExpires() {
		IssuedTokens issued = new IssuedTokens(1000, false, Clock.fixed(NOW, ZoneOffset.UTC));
		CodeTokens tokens = new CodeTokens(ring(this.home, "ES256", NOW), issued, "EpiGrid");
		Claims claims = claims(5, NOW);
		byte[] cose = Base45.decode(tokens.issue(claims).substring(5));
		assertThat(issued.recall(claims.tokenId(), cose)).isEqualTo(IssuedTokens.Recall.SIGNED_HERE);
		assertThat(issued.size()).isEqualTo(1);
		// other bytes with the same id: altered; another id: unknown (signature checked)
		byte[] other = cose.clone();
		other[other.length - 1] ^= 1;
		assertThat(issued.recall(claims.tokenId(), other)).isEqualTo(IssuedTokens.Recall.ALTERED);
		assertThat(issued.recall(claims.tokenId() + 1, cose)).isEqualTo(IssuedTokens.Recall.UNKNOWN);
		// kept a few minutes past expiry (an expired code is told apart without a
		// signature check), then forgotten
		IssuedTokens later = new IssuedTokens(1000, false,
				Clock.fixed(NOW.plusSeconds(60 + IssuedTokens.GRACE_SECONDS - 1), ZoneOffset.UTC));
		later.remember(claims.tokenId(), cose, NOW.plusSeconds(60).getEpochSecond());
		later.purge();
		assertThat(later.recall(claims.tokenId(), cose)).isEqualTo(IssuedTokens.Recall.SIGNED_HERE);
		IssuedTokens muchLater = new IssuedTokens(1000, false,
				Clock.fixed(NOW.plusSeconds(60 + IssuedTokens.GRACE_SECONDS), ZoneOffset.UTC));
		muchLater.remember(claims.tokenId(), cose, NOW.plusSeconds(60).getEpochSecond());
		muchLater.purge();
		assertThat(muchLater.recall(claims.tokenId(), cose)).isEqualTo(IssuedTokens.Recall.UNKNOWN);
		// the reference mode (verify from the database) remembers nothing
		IssuedTokens off = new IssuedTokens(1000, true, Clock.fixed(NOW, ZoneOffset.UTC));
		off.remember(claims.tokenId(), cose, NOW.plusSeconds(60).getEpochSecond());
		assertThat(off.recall(claims.tokenId(), cose)).isEqualTo(IssuedTokens.Recall.UNKNOWN);
	}

	@Test
	void garbageIsMalformedAndNeverThrows() {
		CodeTokens tokens = tokens(ring(this.home, "ES256", NOW));
		Random random = new Random(42);
		for (int i = 0; i < 20_000; i++) {
			byte[] bytes = new byte[random.nextInt(200)];
			random.nextBytes(bytes);
			String text = switch (i % 3) {
				case 0 -> new String(bytes, StandardCharsets.ISO_8859_1);
				case 1 -> "EGC1:" + Base45.encode(bytes);
				default -> "EGC1:" + new String(bytes, StandardCharsets.ISO_8859_1);
			};
			assertThat(tokens.decode(text).check()).isEqualTo(Check.MALFORMED);
		}
		assertThat(tokens.decode(null).check()).isEqualTo(Check.MALFORMED);
		assertThat(tokens.decode("EGC1:" + "A".repeat(2000)).check()).isEqualTo(Check.MALFORMED);
	}

	@Test
	void keysSurviveRestartsRotateAndOldOnesStillVerify() throws Exception {
		KeyRing first = ring(this.home, "ES256", NOW);
		String old = tokens(first).issue(claims(7, NOW));
		KeyRing again = ring(this.home, "ES256", NOW.plus(Duration.ofDays(10)));
		assertThat(again.signing().kid()).isEqualTo(first.signing().kid());
		// after the rotation period, and with the algorithm switched to SM2: a new key
		// signs,
		// the old one still verifies
		KeyRing rotated = ring(this.home, "SM2", NOW.plus(Duration.ofDays(100)));
		assertThat(rotated.signing().kid()).isNotEqualTo(first.signing().kid());
		assertThat(rotated.signing().algorithm()).isEqualTo(SigningKey.Algorithm.SM2);
		assertThat(tokens(rotated).decode(old).check()).isEqualTo(Check.SIGNED);
		assertThat(rotated.all()).hasSize(2);
		assertThat(Files.getPosixFilePermissions(this.home.resolve("keys/codes/" + first.signing().kid() + ".key")))
			.hasSize(2);
	}

	@Test
	void base45MatchesRfc9285() {
		assertThat(Base45.encode("AB".getBytes(StandardCharsets.US_ASCII))).isEqualTo("BB8");
		assertThat(Base45.encode("Hello!!".getBytes(StandardCharsets.US_ASCII))).isEqualTo("%69 VD92EX0");
		assertThat(Base45.encode("base-45".getBytes(StandardCharsets.US_ASCII))).isEqualTo("UJCLQE7W581");
		assertThat(new String(Base45.decode("QED8WEX0"), StandardCharsets.US_ASCII)).isEqualTo("ietf!");
		assertThatThrownBy(() -> Base45.decode("GGW")).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Base45.decode("a")).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void cborRejectsEveryBrokenInputWithOneKindOfError() {
		Random random = new Random(7);
		for (int i = 0; i < 50_000; i++) {
			byte[] bytes = new byte[random.nextInt(64)];
			random.nextBytes(bytes);
			try {
				Cbor.decode(bytes);
			}
			catch (IllegalArgumentException expected) {
				// the one error it may raise
			}
		}
		// a huge declared length is refused without allocating it
		assertThatThrownBy(() -> Cbor.decode(new byte[] { 0x5b, 0x7f, -1, -1, -1, -1, -1, -1, -1 }))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Cbor.decode(new byte[] { (byte) 0x9b, 0x7f, -1, -1, -1, -1, -1, -1, -1 }))
			.isInstanceOf(IllegalArgumentException.class);
	}

	static Claims claims(long personId, Instant now) {
		return new Claims(personId, "张*三", Colour.GREEN, false, now, now.plusSeconds(60), 123456789L, Kind.DYNAMIC,
				null);
	}

	/** Tokens remembering what they signed, as in the platform, at {@link #NOW}. */
	static CodeTokens tokens(KeyRing ring) {
		return new CodeTokens(ring, new IssuedTokens(1000, false, Clock.fixed(NOW, ZoneOffset.UTC)), "EpiGrid");
	}

	static KeyRing ring(Path home, String algorithm, Instant now) {
		return new KeyRing(home, algorithm, Duration.ofDays(90), Clock.fixed(now, ZoneOffset.UTC));
	}

}
