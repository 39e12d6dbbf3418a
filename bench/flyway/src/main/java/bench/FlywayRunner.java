package bench;

import org.flywaydb.core.Flyway;

/** Flyway's migrate (or info) on a directory of V<ts>__<name>.sql files: the baseline koldy is measured against. */
public final class FlywayRunner {
    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: flyway-runner migrate|info <jdbc-url> <directory> [user] [password]");
            System.exit(2);
        }
        Flyway flyway = Flyway.configure()
                .dataSource(args[1], args.length > 3 ? args[3] : null, args.length > 4 ? args[4] : null)
                .locations("filesystem:" + args[2])
                .load();
        if (args[0].equals("info")) {
            System.out.println(flyway.info().all().length + " migrations");
        } else {
            System.out.println(flyway.migrate().migrationsExecuted + " migrations executed");
        }
    }
}
