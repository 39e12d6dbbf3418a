package koldy.cli;

import java.util.List;

import org.apache.commons.cli.Option;

import koldy.KoldyException;

final class RedoCommand implements Command {

    @Override
    public String name() {
        return "redo";
    }

    @Override
    public String synopsis() {
        return "redo [N] [--force] [--lock-timeout SECONDS]";
    }

    @Override
    public String summary() {
        return "roll back the last N executed migrations (default 1) and migrate them again";
    }

    @Override
    public String details() {
        return """
                Handy while writing a migration: checks that down() undoes up() and applies the
                current version. Both halves run under one lock; other pending migrations are not run.
                --force redoes a migration whose file you edited since it ran: its down() as it is
                now reverts it, then its up() as it is now applies it (the loop of writing one).
                Examples:
                  koldy redo
                  koldy redo 3
                  koldy redo --force          # after editing the migration just run""";
    }

    @Override
    public List<Option> options() {
        return List.of(CommonOptions.force(), CommonOptions.lockTimeout());
    }

    @Override
    public void check(Invocation invocation) {
        steps(invocation);
    }

    @Override
    public int run(Invocation invocation) {
        int steps = steps(invocation);
        boolean force = invocation.flag("force");
        invocation.withKoldy(koldy -> koldy.redo(steps, force));
        return 0;
    }

    private static int steps(Invocation invocation) {
        List<String> args = invocation.arguments();
        if (args.size() > 1) {
            throw KoldyException.usage("redo takes at most one number (got: " + String.join(" ", args) + ")");
        }
        return args.isEmpty() ? 1 : Invocation.parseCount("redo", args.get(0));
    }
}
