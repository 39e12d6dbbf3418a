package koldy.cli;

import java.util.List;

import org.apache.commons.cli.Option;

import koldy.KoldyException;

final class RollbackCommand implements Command {

    @Override
    public String name() {
        return "rollback";
    }

    @Override
    public String synopsis() {
        return "rollback [N] [--lock-timeout SECONDS]";
    }

    @Override
    public String summary() {
        return "revert the last N executed migrations (default 1), newest execution first";
    }

    @Override
    public String details() {
        return """
                Reverts in the order migrations were executed, not by file timestamp, so a migration
                merged late and applied with --force comes off in the order it went on.
                N larger than the number executed reverts everything and says so.
                Examples:
                  koldy rollback       # the last one
                  koldy rollback 5     # the last five""";
    }

    @Override
    public List<Option> options() {
        return List.of(CommonOptions.lockTimeout());
    }

    @Override
    public int run(Invocation invocation) {
        List<String> args = invocation.arguments();
        if (args.size() > 1) {
            throw KoldyException.usage("rollback takes at most one number (got: " + String.join(" ", args) + ")");
        }
        int steps = args.isEmpty() ? 1 : steps(args.get(0));
        invocation.withMigrator(migrator -> migrator.rollback(steps));
        return 0;
    }

    private static int steps(String value) {
        try {
            int steps = Integer.parseInt(value.trim());
            if (steps >= 1) {
                return steps;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw KoldyException.usage("rollback takes the number of migrations to revert, 1 or more; '" + value
                + "' is not one. Example: koldy rollback 5");
    }
}
