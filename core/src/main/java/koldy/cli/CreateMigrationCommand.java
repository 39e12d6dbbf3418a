package koldy.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.apache.commons.cli.Option;

import koldy.KoldyException;
import koldy.config.Config;
import koldy.load.MigrationCreator;
import koldy.util.Log;

final class CreateMigrationCommand implements Command {

    private static final Log LOG = Log.named("koldy");

    @Override
    public String name() {
        return "create-migration";
    }

    @Override
    public String synopsis() {
        return "create-migration <name> [--sql]";
    }

    @Override
    public String summary() {
        return "write a new timestamped migration stub to the migrations directory";
    }

    @Override
    public String details() {
        return """
                The name is turned into CamelCase and prefixed with the current Unix time:
                  koldy create-migration add-email-to-users
                  -> application/migrations/1764000000_AddEmailToUsers.java
                     declaring class Migration_1764000000_AddEmailToUsers
                  koldy create-migration add-email-to-users --sql
                  -> application/migrations/1764000000_AddEmailToUsers.sql
                     with '-- koldy:up' and '-- koldy:down' sections
                Two migrations created in the same second get consecutive timestamps.""";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.builder().longOpt("sql").desc("write an SQL migration instead of a Java one").get());
    }

    /** Its arguments are checked as it runs. */
    @Override
    public void check(Invocation invocation) {
    }

    @Override
    public int run(Invocation invocation) {
        List<String> args = invocation.arguments();
        if (args.size() != 1) {
            throw KoldyException.usage("create-migration takes one name, e.g. koldy create-migration add-email-to-users"
                    + (args.isEmpty() ? "" : " (got: " + String.join(" ", args) + ")"));
        }
        Config config = invocation.config();
        Path file = new MigrationCreator(config.migrationsDirectory()).create(args.get(0), Instant.now(),
                invocation.line().hasOption("sql"));
        LOG.info("Created DB migration with name: {}", args.get(0));
        LOG.info("You may now open {} and add your migration code", config.display(file));
        return 0;
    }
}
