package koldy.cli;

import java.util.List;

import org.apache.commons.cli.Option;

import koldy.MigrateOptions;

final class MigrateCommand implements Command {

    @Override
    public String name() {
        return "migrate";
    }

    @Override
    public String synopsis() {
        return "migrate [--force] [--to TIMESTAMP] [--dry-run] [--lock-timeout SECONDS]"
                + " [--tenants [--parallel N] [--fail-fast]]";
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
                --to applies pending migrations up to and including that timestamp.
                --dry-run prints the SQL each migration would execute (Java migrations run against a
                recording Db: their reads return no rows) and executes and records nothing.
                A migration that runs longer than 10 s is reported as still running every 10 s
                (KOLDY_PROGRESS_SECONDS changes the interval).
                --tenants migrates every tenant (tenants.* in the configuration: a schema, database or
                SQLite file each, with its own history and lock), --parallel N at a time; a failed
                tenant is reported and the others go on (--fail-fast: no more are started), and the
                exit code is the first failed tenant's. --tenant NAME migrates one.
                Examples:
                  koldy migrate
                  koldy migrate --force
                  koldy migrate --to 1764000060
                  koldy migrate --dry-run
                  koldy migrate --tenants --parallel 8
                  KOLDY_DEFAULT_URL=jdbc:postgresql://db:5432/app koldy migrate""";
    }

    @Override
    public List<Option> options() {
        List<Option> options = new java.util.ArrayList<>(List.of(CommonOptions.force(), CommonOptions.to(),
                CommonOptions.dryRun(), CommonOptions.lockTimeout()));
        options.addAll(TenantsOption.options());
        return options;
    }

    @Override
    public void check(Invocation invocation) {
        TenantsOption.given(invocation); // --parallel without --tenants, before anything is said
    }

    @Override
    public int run(Invocation invocation) {
        MigrateOptions options = new MigrateOptions(invocation.flag("force"), invocation.timestamp("to"),
                invocation.line().hasOption("dry-run"));
        if (TenantsOption.given(invocation)) {
            return TenantsOption.run(invocation, true,
                    (koldy, tenants, tenantOptions) -> koldy.migrateTenants(tenants, options, tenantOptions),
                    TenantReport::migrated);
        }
        invocation.withKoldy(koldy -> koldy.migrate(options));
        return 0;
    }
}
