package koldy.config;

import java.util.regex.Pattern;

/** Removes secrets from text that may be shown to a user or written to a log. */
public final class Secrets {

    // password=..., pwd=..., token=..., secret=... in a query string or property list
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)((?:password|passwd|pwd|token|secret|sslpassword|accesstoken)=)[^&;,)\\s]*");
    // user:password@host in a URL
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*):[^/@\\s]*@");

    private Secrets() {
    }

    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = SECRET_PARAMETER.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("$1:***@");
    }

    /** Masks URLs inside free text and any occurrence of the given secret values. */
    public static String mask(String text, Iterable<String> secretValues) {
        if (text == null) {
            return null;
        }
        String masked = maskUrl(text);
        for (String secret : secretValues) {
            if (secret != null && secret.length() >= 1 && !secret.isBlank()) {
                masked = masked.replace(secret, "***");
            }
        }
        return masked;
    }
}
