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

    /** Whether output starts with "Started CLI script: koldy" as Koldy's scripts do. */
    default boolean announces(org.apache.commons.cli.CommandLine line) {
        return true;
    }

    /** @return the exit code */
    int run(Invocation invocation);
}
