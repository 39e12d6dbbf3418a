package koldy.cli;

import java.util.List;

import org.apache.commons.cli.Option;

/** One subcommand: a thin adapter from parsed arguments to an operation of {@link koldy.library.Koldy}. */
interface Command {

    String name();

    /** Other names it answers to (e.g. {@code list} for {@code status}). */
    default List<String> aliases() {
        return List.of();
    }

    /** e.g. "rollback [N] [--lock-timeout SECONDS]" */
    String synopsis();

    String summary();

    /** Examples and details for {@code koldy help <command>}. */
    String details();

    List<Option> options();

    /**
     * Whether, without --root or KOLDY_ROOT, the project root is found upwards from the current
     * directory ({@link ProjectRoot}); init sets up the current directory instead.
     */
    default boolean findsProjectRoot() {
        return true;
    }

    /** Whether output starts with "Started CLI script: koldy" as Koldy's scripts do. */
    default boolean announces(org.apache.commons.cli.CommandLine line) {
        return true;
    }

    /**
     * Checks the arguments before anything is printed or done, so a usage error comes alone.
     * Unless a command says otherwise, it takes none.
     */
    default void check(Invocation invocation) {
        if (!invocation.arguments().isEmpty()) {
            throw koldy.KoldyException.usage(name() + " takes no arguments (got: "
                    + String.join(" ", invocation.arguments()) + ")");
        }
    }

    /** @return the exit code */
    int run(Invocation invocation);
}
