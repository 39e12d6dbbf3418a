package koldy.cli;

import java.util.List;

import org.apache.commons.cli.Option;

import koldy.KoldyException;

final class MigrateCommand implements Command {

    @Override
    public String name() {
        return "migrate";
    }

    @Override
    public String synopsis() {
        return "migrate [--force] [--lock-timeout SECONDS]";
    }

    @Override
    public String summary() {
        return "run pending migrations in timestamp order";
    }

    @Override
    public String details() {
        return """
                Runs every pending migration, oldest timestamp first, each in its own transaction
                together with its history row (where the database allows).
                Refuses and runs nothing (exit 3) when
                  - a pending migration is older than the newest executed one (after a branch merge);
                    check it is safe, then run: koldy migrate --force
                  - an executed migration's file changed or was deleted; restore it, or: koldy repair
                Examples:
                  koldy migrate
                  koldy migrate --force
                  KOLDY_DEFAULT_URL=jdbc:postgresql://db:5432/app koldy migrate""";
    }

    @Override
    public List<Option> options() {
        return List.of(CommonOptions.force(), CommonOptions.lockTimeout());
    }

    @Override
    public int run(Invocation invocation) {
        if (!invocation.arguments().isEmpty()) {
            throw KoldyException.usage("migrate takes no arguments (got: " + String.join(" ", invocation.arguments())
                    + ")");
        }
        boolean force = invocation.flag("force");
        invocation.withMigrator(migrator -> migrator.migrate(force));
        return 0;
    }
}
