package koldy.cli;

import java.util.List;

import org.apache.commons.cli.Option;

import koldy.KoldyException;
import koldy.RollbackOptions;

final class RollbackCommand implements Command {

    @Override
    public String name() {
        return "rollback";
    }

    @Override
    public String synopsis() {
        return "rollback [N | --to TIMESTAMP] [--force] [--dry-run] [--lock-timeout SECONDS]";
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
                --to reverts every executed migration with a timestamp after the one given.
                --dry-run prints the SQL each down() would execute and executes nothing.
                --force reverts a migration whose file changed since it ran, with its down() as it is now.
                Examples:
                  koldy rollback              # the last one
                  koldy rollback 5            # the last five
                  koldy rollback --to 1764000000
                  koldy rollback 2 --dry-run""";
    }

    @Override
    public List<Option> options() {
        return List.of(CommonOptions.to(), CommonOptions.force(), CommonOptions.dryRun(), CommonOptions.lockTimeout());
    }

    @Override
    public void check(Invocation invocation) {
        options(invocation);
    }

    @Override
    public int run(Invocation invocation) {
        RollbackOptions options = options(invocation);
        invocation.withKoldy(koldy -> koldy.rollback(options));
        return 0;
    }

    private static RollbackOptions options(Invocation invocation) {
        List<String> args = invocation.arguments();
        if (args.size() > 1) {
            throw KoldyException.usage("rollback takes at most one number (got: " + String.join(" ", args) + ")");
        }
        Long to = invocation.timestamp("to");
        if (to != null && !args.isEmpty()) {
            throw KoldyException.usage("rollback takes either N or --to TIMESTAMP, not both.");
        }
        Integer steps = to != null ? null : args.isEmpty() ? 1 : Invocation.parseCount("rollback", args.get(0));
        return new RollbackOptions(steps, to, invocation.line().hasOption("dry-run"), invocation.flag("force"));
    }
}
