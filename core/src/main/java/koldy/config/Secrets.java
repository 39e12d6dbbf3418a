package koldy.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text that may be shown to a user or written to a log. Two ways, because a
 * driver's message can quote a secret in any form: the secret values of the configuration are
 * remembered when it is read and masked wherever they appear, and URL-shaped text is masked by
 * its shape ({@code user:password@}, {@code password=...}).
 */
public final class Secrets {

    /**
     * The names of credential-bearing parameters of every supported driver, case-insensitively and
     * as the end of a longer name: PostgreSQL's password and sslpassword; MySQL's password and its
     * multi-factor password1 to password3, clientCertificateKeyStorePassword and
     * trustCertificateKeyStorePassword; SQLite's (SQLCipher) password and key; any token or secret.
     * {@code key} only as a whole name: {@code sort_key=3} in a statement quoted by an error is not a secret.
     */
    private static final String SECRET_KEY =
            "(?:[a-z0-9_.-]*?(?:password\\d*|passwd|pwd|token|secret)|(?<![a-z0-9_.-])key)";
    // password=... in a query string: the value runs to the next '&' (commas, semicolons and
    // parentheses are legal in it), or to white space or a quote in free text
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i)(" + SECRET_KEY + "=)[^&\\s'\"]*");
    // user:password@host in a URL
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*):[^/@\\s]*@");
    private static final Pattern URL_USER_INFO = Pattern.compile("//[^/:@\\s]*:([^/@\\s]+)@");
    private static final Pattern URL_SECRET_PARAMETER = Pattern.compile("(?i)[?&;]" + SECRET_KEY + "=([^&]+)");

    private static final Set<String> REMEMBERED = ConcurrentHashMap.newKeySet();

    private Secrets() {
    }

    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        return mask(url);
    }

    /** The secret values a JDBC URL carries: a user-info password, {@code password=} parameters. */
    public static List<String> valuesIn(String url) {
        List<String> values = new ArrayList<>();
        if (url == null) {
            return values;
        }
        Matcher userInfo = URL_USER_INFO.matcher(url);
        while (userInfo.find()) {
            values.add(userInfo.group(1));
        }
        Matcher parameter = URL_SECRET_PARAMETER.matcher(url);
        while (parameter.find()) {
            values.add(parameter.group(1));
            int semicolon = parameter.group(1).indexOf(';'); // a ';'-separated property list
            if (semicolon > 0) {
                values.add(parameter.group(1).substring(0, semicolon));
            }
        }
        return values;
    }

    /**
     * Remembers secret values (a password, a URL's secrets) so that {@link #mask} hides them in
     * any text, whatever form a driver's message quotes them in. Very short values are not
     * remembered: masking every "a" would garble messages and hide nothing worth hiding.
     */
    public static void remember(Iterable<String> values) {
        for (String value : values) {
            if (value != null && value.strip().length() >= 3) {
                REMEMBERED.add(value);
                String decoded = SupportedUrls.percentDecoded(value);
                if (!decoded.equals(value)) {
                    REMEMBERED.add(decoded);
                }
                // A driver that cannot parse a URL with an unencoded ',' ';' '@' ':' '/' '?' '&' '='
                // in its password quotes a piece of it: each piece of 4 or more characters is masked too.
                for (String piece : PIECES.split(decoded)) {
                    if (piece.strip().length() >= 4) {
                        REMEMBERED.add(piece);
                    }
                }
            }
        }
    }

    private static final Pattern PIECES = Pattern.compile("[,;@:/?&=]");

    /** Masks URLs inside free text, every remembered secret and any of the given secret values. */
    public static String mask(String text, Iterable<String> secretValues) {
        if (text == null) {
            return null;
        }
        List<String> secrets = new ArrayList<>(REMEMBERED);
        for (String secret : secretValues) {
            if (secret != null && !secret.isBlank()) {
                secrets.add(secret);
            }
        }
        secrets.sort(Comparator.comparingInt(String::length).reversed()); // a longer secret before its parts
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, "***");
        }
        masked = SECRET_PARAMETER.matcher(masked).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("$1:***@");
    }

    /** {@link #mask} with the remembered secrets only. */
    public static String mask(String text) {
        return mask(text, List.of());
    }
}
