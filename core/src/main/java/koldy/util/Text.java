package koldy.util;

/** Small text helpers for messages. */
public final class Text {

    private Text() {
    }

    /** The first non-blank line of a driver's message, which is often several lines long. */
    public static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        return message.lines().filter(line -> !line.isBlank()).findFirst().orElse(message).trim();
    }
}
