package koldy.cli;

import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

import koldy.KoldyException;
import koldy.TenantOptions;
import koldy.TenantOutcome;
import koldy.config.TenantsConfig;
import koldy.library.Koldy;
import koldy.util.Log;

/** {@code --tenants}, {@code --parallel N} and {@code --fail-fast}, as migrate and status take them. */
final class TenantsOption {

    private static final Log LOG = Log.named("koldy");

    private TenantsOption() {
    }

    static List<org.apache.commons.cli.Option> options() {
        return List.of(CommonOptions.tenants(), CommonOptions.parallel(), CommonOptions.failFast());
    }

    /** Whether this invocation runs every tenant; --parallel and --fail-fast only make sense with it. */
    static boolean given(Invocation invocation) {
        var line = invocation.line();
        if (!line.hasOption("tenants")) {
            for (String option : List.of("parallel", "fail-fast")) {
                if (line.hasOption(option)) {
                    throw KoldyException.usage("--" + option + " goes with --tenants.");
                }
            }
            return false;
        }
        if (invocation.tenant() != null) {
            throw KoldyException.usage("--tenants runs every tenant and --tenant NAME one: give one of them.");
        }
        return true;
    }

    /** One operation of the library over the tenants named. */
    @FunctionalInterface
    interface Operation {
        List<TenantOutcome> run(Koldy koldy, List<String> tenants, TenantOptions options);
    }

    /**
     * Lists the tenants, runs the operation over them and reports as they finish.
     *
     * @param summary says what became of them and gives the exit code
     */
    static int run(Invocation invocation, boolean announce, Operation operation,
                   BiFunction<TenantReport, List<TenantOutcome>, Integer> summary) {
        int parallel = parallel(invocation);
        return invocation.withKoldy(koldy -> {
            List<String> tenants = koldy.tenants();
            if (announce) {
                LOG.info("Tenants: {}, {} at a time", String.format("%,d", tenants.size()), Math.min(parallel,
                        Math.max(1, tenants.size())));
            }
            TenantReport report = new TenantReport(tenants.size(), announce ? Duration.ofSeconds(2) : Duration.ZERO);
            List<TenantOutcome> outcomes = operation.run(koldy, tenants,
                    new TenantOptions(parallel, invocation.line().hasOption("fail-fast"), report));
            return summary.apply(report, outcomes);
        });
    }

    private static int parallel(Invocation invocation) {
        String value = invocation.line().getOptionValue("parallel");
        if (value == null) {
            var tenants = invocation.config().tenants();
            return tenants == null ? TenantsConfig.DEFAULT_PARALLEL : tenants.parallel();
        }
        try {
            int parallel = Integer.parseInt(value.trim());
            if (parallel >= 1) {
                return parallel;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw KoldyException.usage("--parallel takes a whole number of 1 or more, not '" + value + "'.");
    }
}
