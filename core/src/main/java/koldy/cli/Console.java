package koldy.cli;

import java.io.PrintStream;

import koldy.util.Log;

/**
 * What the command line prints when it is not verbose, without Log4j: information on stdout
 * (stderr when stdout carries a document, {@code --json}), warnings and errors on stderr after
 * "Warning:" or "Error:", coloured on a terminal. The lines are those {@link Logging} would
 * print; {@code -v} goes through Log4j for its times and debug detail.
 */
final class Console implements Log.Printer {

    private static final String RESET = "\u001b[m";
    private final PrintStream out;
    private final boolean color;

    /**
     * @param color      colour "Error:" and "Warning:"
     * @param stdoutFree keep stdout for the command's own output: information to stderr too
     */
    Console(boolean color, boolean stdoutFree) {
        this.out = stdoutFree ? System.err : System.out;
        this.color = color;
    }

    @Override
    public boolean shows(Log.Level level) {
        return level != Log.Level.DEBUG;
    }

    @Override
    public void print(Log.Level level, String line) {
        switch (level) {
            case INFO -> out.println(line);
            case WARN -> System.err.println(prefix("Warning:", "\u001b[33m") + " " + line);
            case ERROR -> System.err.println(prefix("Error:", "\u001b[1;91m") + " " + line);
            default -> { } // debug lines are for -v
        }
    }

    private String prefix(String word, String colour) {
        return color ? colour + word + RESET : word;
    }
}
