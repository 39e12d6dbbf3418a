package koldy.load;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statements that end or replace the transaction koldy runs a migration in: {@code BEGIN},
 * {@code START TRANSACTION}, {@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code ABORT},
 * {@code SET autocommit}, {@code XA}. In such a migration, a failure after one of them leaves part
 * of the migration committed while koldy reports it rolled back, and a rerun applies it again.
 * Savepoints stay within the transaction and are fine, as are the {@code BEGIN ... END} blocks of
 * routines and triggers, which are inside one {@code CREATE} statement.
 */
public final class TransactionControl {

    /** Leading white space and comments, but not a MySQL executable comment, which runs. */
    private static final Pattern LEADING = Pattern.compile("(?s)(?:\\s+|--[^\\n]*(?:\\n|$)|#[^\\n]*(?:\\n|$)"
            + "|/\\*(?![!M]!?[0-9]*).*?\\*/)*");
    private static final Pattern EXECUTABLE_COMMENT = Pattern.compile("(?s)/\\*M?!(?:[0-9]{5,6})?(.*?)\\*/");
    private static final Pattern WORDS = Pattern.compile("(?i)[a-z_@.]+");

    private TransactionControl() {
    }

    /**
     * The transaction control statement {@code sql} is, as its leading words (as {@code COMMIT}
     * or {@code SET autocommit}), or null for any other statement.
     */
    public static String find(String sql) {
        Matcher leading = LEADING.matcher(sql);
        String text = leading.lookingAt() ? sql.substring(leading.end()) : sql;
        Matcher executable = EXECUTABLE_COMMENT.matcher(text);
        if (executable.lookingAt()) {
            text = executable.group(1);
        }
        Matcher words = WORDS.matcher(text);
        String first = words.find() ? words.group().toUpperCase(Locale.ROOT) : "";
        String second = words.find() ? words.group().toUpperCase(Locale.ROOT) : "";
        String third = words.find() ? words.group().toUpperCase(Locale.ROOT) : "";
        return switch (first) {
            // BEGIN ATOMIC and MariaDB's BEGIN NOT ATOMIC open a block of statements, not a transaction
            case "BEGIN" -> second.equals("ATOMIC") || second.equals("NOT") ? null : "BEGIN";
            case "START" -> second.equals("TRANSACTION") ? "START TRANSACTION" : null;
            case "COMMIT", "END", "ABORT" -> first;
            // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name stays inside the transaction
            case "ROLLBACK" -> second.equals("TO") || third.equals("TO") && (second.equals("WORK")
                    || second.equals("TRANSACTION")) ? null : "ROLLBACK";
            case "XA" -> "XA " + second;
            case "SET" -> Pattern.compile("(?i)\\bautocommit\\b").matcher(text).find() ? "SET autocommit" : null;
            default -> null;
        };
    }

    /** Why the statement is refused, for messages that go on to say what to do instead. */
    public static String why(String statement) {
        return statement + " would end the transaction koldy runs this migration in together with its history"
                + " row, so a failure after it would leave part of the migration committed but not recorded";
    }
}
