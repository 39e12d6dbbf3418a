package koldy.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import koldy.KoldyException;

/**
 * A migration file's text as its database's client or javac would take it: UTF-8, with a leading
 * byte-order mark dropped (editors on Windows write one; psql, mariadb and sqlite3 accept it).
 */
final class SourceText {

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private SourceText() {
    }

    /**
     * @param shown the file as the user knows it, for messages
     * @throws KoldyException naming the file, and the line of the first byte that is not UTF-8
     */
    static String read(Path path, String shown) {
        return decode(bytes(path, shown), shown);
    }

    /** The file's bytes; a file that cannot be read is an invalid migration, named. */
    static byte[] bytes(Path path, String shown) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw KoldyException.invalidMigration("Cannot read " + shown + ": " + e.getMessage());
        }
    }

    static String decode(byte[] bytes, String shown) {
        // The JDK's fast path, with no char[] copy of a large file; a replacement character means
        // either one in the file or a byte that is not UTF-8, which the strict decoder tells apart.
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                throw KoldyException.invalidMigration(shown + ":" + lineOfFirstBadByte(bytes)
                        + ": is not UTF-8 text; save the"
                        + " file as UTF-8 (koldy reads migration files as UTF-8, whatever the system's encoding).");
            }
        }
        return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
    }

    private static int lineOfFirstBadByte(byte[] bytes) {
        int line = 1;
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            int length = b < 0x80 ? 1 : b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xF0 && b < 0xF5 ? 4 : 0;
            if (length == 0 || !validSequence(bytes, i, length)) {
                return line;
            }
            if (b == '\n') {
                line++;
            }
            i += length;
        }
        return line;
    }

    private static boolean validSequence(byte[] bytes, int start, int length) {
        if (start + length > bytes.length) {
            return false;
        }
        for (int k = 1; k < length; k++) {
            if ((bytes[start + k] & 0xC0) != 0x80) {
                return false;
            }
        }
        return true;
    }
}
