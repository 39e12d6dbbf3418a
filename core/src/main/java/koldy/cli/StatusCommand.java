package koldy.cli;

import java.util.List;

import org.apache.commons.cli.Option;

import koldy.Advice;
import koldy.KoldyException;
import koldy.Status;
import koldy.util.Log;

final class StatusCommand implements Command {

    private static final Log LOG = Log.named("koldy");

    @Override
    public String name() {
        return "status";
    }

    @Override
    public List<String> aliases() {
        return List.of("list");
    }

    @Override
    public String synopsis() {
        return "status [--json] [--exit-code] [--tenants [--parallel N]]";
    }

    @Override
    public String summary() {
        return "show every migration: executed, pending, out-of-order, changed, missing, failed or running";
    }

    @Override
    public String details() {
        return """
                States:
                  executed      ran, and its file is unchanged
                  pending       not run yet; migrate will run it
                  out-of-order  not run, older than the newest executed one; needs migrate --force
                  changed       ran, but its file changed since; migrate refuses until reverted or repaired
                  missing       ran, but its file is gone; migrate refuses until restored or repaired
                  failed        a run that could not be atomic (MySQL DDL) failed or was killed half way;
                                migrate refuses until the database is fixed by hand and repair clears it
                Reads only: it never creates or changes the history table.
                --json prints the same as JSON, and nothing else, for scripts (fields in the README).
                --exit-code exits 3 when anything is pending, out of order, changed, missing or failed,
                so a pipeline can gate on it.
                --tenants shows every tenant (tenants.* in the configuration) in one line each, or with
                --json one document; --tenant NAME shows one tenant in full.
                Examples:
                  koldy status
                  koldy status --json
                  koldy status --exit-code || echo 'the database is not up to date'
                  koldy status --tenants --json""";
    }

    @Override
    public List<Option> options() {
        List<Option> options = new java.util.ArrayList<>(List.of(Option.builder().longOpt("json")
                .desc("print JSON only").get(),
                Option.builder().longOpt("exit-code").desc("exit 3 unless every migration is executed").get()));
        options.addAll(TenantsOption.options());
        return options;
    }

    @Override
    public boolean announces(org.apache.commons.cli.CommandLine line) {
        return !line.hasOption("json");
    }

    @Override
    public void check(Invocation invocation) {
        TenantsOption.given(invocation); // --parallel without --tenants, before anything is said
    }

    @Override
    public int run(Invocation invocation) {
        boolean json = invocation.line().hasOption("json");
        if (TenantsOption.given(invocation)) {
            return TenantsOption.run(invocation, !json,
                    (koldy, tenants, tenantOptions) -> koldy.statusOfTenants(tenants, tenantOptions),
                    (report, outcomes) -> {
                        if (json) {
                            System.out.print(Json.write(TenantReport.document(outcomes)));
                        } else {
                            report.statuses(outcomes);
                        }
                        return TenantReport.statusExitCode(outcomes, invocation.line().hasOption("exit-code"));
                    });
        }
        Status status = invocation.withKoldy(koldy -> koldy.status());
        if (invocation.line().hasOption("json")) {
            System.out.print(Json.write(status.document(invocation::displayPath)));
        } else {
            LOG.info(String.join("\n", status.describe(Advice.COMMAND_LINE))); // one call: a thousand rows print fast
        }
        boolean upToDate = status.upToDate();
        return invocation.line().hasOption("exit-code") && !upToDate ? KoldyException.REFUSED : 0;
    }
}
