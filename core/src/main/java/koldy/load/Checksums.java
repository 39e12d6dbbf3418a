package koldy.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a migration's content with line endings normalised (CRLF and CR become LF) and a
 * UTF-8 byte-order mark dropped, so a checkout that converts line endings is not a change.
 */
public final class Checksums {

    private Checksums() {
    }

    public static String ofContent(byte[] content) {
        MessageDigest digest = sha256();
        int start = hasBom(content) ? 3 : 0;
        byte[] normalised = new byte[content.length - start];
        int length = 0;
        for (int i = start; i < content.length; i++) {
            byte b = content[i];
            if (b == '\r') {
                normalised[length++] = '\n';
                if (i + 1 < content.length && content[i + 1] == '\n') {
                    i++;
                }
            } else {
                normalised[length++] = b;
            }
        }
        digest.update(normalised, 0, length);
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String ofText(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** SHA-256 of bytes exactly as they are (a compiled class, not a text). */
    public static String ofBytes(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static boolean hasBom(byte[] content) {
        return content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf;
    }

    /**
     * One digest per thread: looking one up costs more than hashing a small migration, and a
     * scan hashes a thousand.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Checksums::newSha256);

    private static MessageDigest sha256() {
        MessageDigest digest = SHA_256.get();
        digest.reset(); // whatever an interrupted use left
        return digest;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
