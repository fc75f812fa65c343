package dev.msgsuite.talker.peers;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Challenge and response of the shared-secret handshake: each side sends a random nonce and
 * answers the other's with an HMAC-SHA256 over its own role and that nonce. The role stops a
 * reflected answer (the secret itself never travels).
 */
final class PeerProof {

    static final String NONCE = "?auth-nonce ";

    static final String PROOF = "?auth-proof ";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;

    PeerProof(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    static String newNonce() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return HexFormat.of().formatHex(nonce);
    }

    String prove(boolean dialer, String theirNonce) {
        return hmac((dialer ? "dialer|" : "listener|") + theirNonce);
    }

    boolean verify(boolean theyDialled, String myNonce, String proof) {
        return MessageDigest.isEqual(hmac((theyDialled ? "dialer|" : "listener|") + myNonce)
            .getBytes(StandardCharsets.US_ASCII), proof.getBytes(StandardCharsets.US_ASCII));
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
    }
}
