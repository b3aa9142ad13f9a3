package org.epigrid.codes.internal.token;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECPoint;

/**
 * One key that signs code tokens: ES256 (ECDSA on P-256 with SHA-256, the JDK's own) or
 * SM2 with SM3 (GB/T 32918, GB/T 32905, through BouncyCastle's lightweight API with the
 * standard default user id). Signatures are the raw r‖s (64 bytes) COSE uses for both.
 * Thread-safe.
 */
public final class SigningKey {

	private static final X9ECParameters SM2_CURVE = GMNamedCurves.getByName("sm2p256v1");

	private static final ECDomainParameters SM2_DOMAIN = new ECDomainParameters(SM2_CURVE.getCurve(), SM2_CURVE.getG(),
			SM2_CURVE.getN(), SM2_CURVE.getH());

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String kid;

	private final Algorithm algorithm;

	private final Instant createdAt;

	private final byte[] privateBytes;

	private final byte[] publicBytes;

	private final PrivateKey jdkPrivate;

	private final PublicKey jdkPublic;

	private final ECPrivateKeyParameters smPrivate;

	private final ECPublicKeyParameters smPublic;

	private final ThreadLocal<Signature> verifier;

	private SigningKey(String kid, Algorithm algorithm, Instant createdAt, byte[] privateBytes, byte[] publicBytes)
			throws GeneralSecurityException {
		this.kid = kid;
		this.algorithm = algorithm;
		this.createdAt = createdAt;
		this.privateBytes = privateBytes;
		this.publicBytes = publicBytes;
		if (algorithm == Algorithm.ES256) {
			KeyFactory factory = KeyFactory.getInstance("EC");
			this.jdkPrivate = (privateBytes == null) ? null
					: factory.generatePrivate(new PKCS8EncodedKeySpec(privateBytes));
			this.jdkPublic = factory.generatePublic(new X509EncodedKeySpec(publicBytes));
			this.smPrivate = null;
			this.smPublic = null;
		}
		else {
			this.jdkPrivate = null;
			this.jdkPublic = null;
			this.smPrivate = (privateBytes == null) ? null
					: new ECPrivateKeyParameters(new BigInteger(1, privateBytes), SM2_DOMAIN);
			ECPoint q = SM2_CURVE.getCurve().decodePoint(publicBytes);
			if (!q.isValid()) {
				throw new GeneralSecurityException("SM2 public key not on the curve");
			}
			this.smPublic = new ECPublicKeyParameters(q, SM2_DOMAIN);
		}
		this.verifier = ThreadLocal.withInitial(() -> {
			try {
				Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
				signature.initVerify(this.jdkPublic);
				return signature;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	/**
	 * A new key.
	 * @param kid its id
	 * @param algorithm its algorithm
	 * @param createdAt now
	 * @return the key
	 */
	public static SigningKey generate(String kid, Algorithm algorithm, Instant createdAt) {
		try {
			if (algorithm == Algorithm.ES256) {
				KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
				generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
				var pair = generator.generateKeyPair();
				return new SigningKey(kid, algorithm, createdAt, pair.getPrivate().getEncoded(),
						pair.getPublic().getEncoded());
			}
			ECKeyPairGenerator generator = new ECKeyPairGenerator();
			generator.init(new ECKeyGenerationParameters(SM2_DOMAIN, RANDOM));
			AsymmetricCipherKeyPair pair = generator.generateKeyPair();
			byte[] d = fixed(((ECPrivateKeyParameters) pair.getPrivate()).getD());
			byte[] q = ((ECPublicKeyParameters) pair.getPublic()).getQ().getEncoded(false);
			return new SigningKey(kid, algorithm, createdAt, d, q);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot generate a " + algorithm + " key", ex);
		}
	}

	/**
	 * A key as stored.
	 * @param kid its id
	 * @param algorithm its algorithm
	 * @param createdAt when it was made
	 * @param privateBytes PKCS#8 (ES256) or the raw scalar (SM2); {@code null} for a
	 * verifying-only key
	 * @param publicBytes X.509 SubjectPublicKeyInfo (ES256) or the uncompressed point
	 * (SM2)
	 * @return the key
	 * @throws GeneralSecurityException if the bytes are not such a key
	 */
	public static SigningKey load(String kid, Algorithm algorithm, Instant createdAt, byte[] privateBytes,
			byte[] publicBytes) throws GeneralSecurityException {
		return new SigningKey(kid, algorithm, createdAt, privateBytes, publicBytes);
	}

	/**
	 * Signs.
	 * @param data the bytes to sign
	 * @return the raw signature r‖s
	 */
	public byte[] sign(byte[] data) {
		try {
			if (this.algorithm == Algorithm.ES256) {
				Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
				signature.initSign(this.jdkPrivate, RANDOM);
				signature.update(data);
				return signature.sign();
			}
			SM2Signer signer = new SM2Signer(PlainDSAEncoding.INSTANCE);
			signer.init(true, new ParametersWithRandom(this.smPrivate, RANDOM));
			signer.update(data, 0, data.length);
			return signer.generateSignature();
		}
		catch (GeneralSecurityException | CryptoException ex) {
			throw new IllegalStateException("cannot sign with " + this.kid, ex);
		}
	}

	/**
	 * Verifies a signature.
	 * @param data the signed bytes
	 * @param signature the raw signature r‖s
	 * @return whether it is this key's signature of the data
	 */
	public boolean verify(byte[] data, byte[] signature) {
		if (signature.length != 64) {
			return false;
		}
		if (this.algorithm == Algorithm.ES256) {
			Signature jdk = this.verifier.get();
			try {
				jdk.update(data);
				return jdk.verify(signature);
			}
			catch (GeneralSecurityException | RuntimeException ex) {
				// a failed verify leaves the object reset; a broken one is replaced
				this.verifier.remove();
				return false;
			}
		}
		SM2Signer signer = new SM2Signer(PlainDSAEncoding.INSTANCE);
		signer.init(false, this.smPublic);
		signer.update(data, 0, data.length);
		return signer.verifySignature(signature);
	}

	/**
	 * @return the key id
	 */
	public String kid() {
		return this.kid;
	}

	/**
	 * @return the algorithm
	 */
	public Algorithm algorithm() {
		return this.algorithm;
	}

	/**
	 * @return when it was made
	 */
	public Instant createdAt() {
		return this.createdAt;
	}

	/**
	 * @return whether it can sign (has its private half)
	 */
	public boolean canSign() {
		return this.privateBytes != null;
	}

	byte[] privateBytes() {
		return (this.privateBytes == null) ? null : this.privateBytes.clone();
	}

	byte[] publicBytes() {
		return this.publicBytes.clone();
	}

	/**
	 * The public key as a JSON Web Key (RFC 7517) for offline verifiers; {@code crv} is
	 * {@code P-256} or {@code SM2}.
	 * @return the key's members
	 */
	public Map<String, Object> jwk() {
		BigInteger x;
		BigInteger y;
		if (this.algorithm == Algorithm.ES256) {
			var w = ((ECPublicKey) this.jdkPublic).getW();
			x = w.getAffineX();
			y = w.getAffineY();
		}
		else {
			ECPoint q = this.smPublic.getQ().normalize();
			x = q.getAffineXCoord().toBigInteger();
			y = q.getAffineYCoord().toBigInteger();
		}
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		Map<String, Object> jwk = new LinkedHashMap<>();
		jwk.put("kty", "EC");
		jwk.put("crv", (this.algorithm == Algorithm.ES256) ? "P-256" : "SM2");
		jwk.put("x", b64.encodeToString(fixed(x)));
		jwk.put("y", b64.encodeToString(fixed(y)));
		jwk.put("kid", this.kid);
		jwk.put("alg", this.algorithm.name());
		jwk.put("coseAlg", this.algorithm.coseId());
		jwk.put("createdAt", this.createdAt.toString());
		return jwk;
	}

	private static byte[] fixed(BigInteger n) {
		byte[] bytes = n.toByteArray();
		if (bytes.length == 32) {
			return bytes;
		}
		byte[] out = new byte[32];
		if (bytes.length > 32) {
			System.arraycopy(bytes, bytes.length - 32, out, 0, 32);
		}
		else {
			System.arraycopy(bytes, 0, out, 32 - bytes.length, bytes.length);
		}
		return out;
	}

	/**
	 * Signature algorithms, with their COSE algorithm ids. SM2 has no registered COSE id;
	 * EpiGrid uses one from the private-use range.
	 */
	public enum Algorithm {

		/** ECDSA P-256 SHA-256. */
		ES256(-7),
		/** SM2 signature with SM3 (国密). */
		SM2(-65537);

		private final long coseId;

		Algorithm(long coseId) {
			this.coseId = coseId;
		}

		/**
		 * @return the COSE algorithm id
		 */
		public long coseId() {
			return this.coseId;
		}

		/**
		 * The algorithm for a COSE id.
		 * @param id the id
		 * @return the algorithm, or {@code null}
		 */
		public static Algorithm ofCose(long id) {
			return Arrays.stream(values()).filter(a -> a.coseId == id).findFirst().orElse(null);
		}

	}

}
