package koldy.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import koldy.KoldyException;
import koldy.MigrationState;
import koldy.RunEvent;
import koldy.TenantOptions;
import koldy.TenantOutcome;
import koldy.config.Secrets;
import koldy.util.DurationText;
import koldy.util.Log;
import koldy.util.Text;

/**
 * What the command line says of a run over every tenant ({@code --tenants}): each failed tenant
 * as it fails, how far the run is every few seconds, and a summary; with {@code -v}, every
 * tenant's own lines too, after its name. The exit code is the first failed tenant's, in tenant order.
 */
final class TenantReport implements TenantOptions.TenantListener {

    private static final Log LOG = Log.named("koldy");
    /** Failures listed again in the summary; the rest are counted. */
    private static final int LISTED = 20;

    private final int total;
    private final long started = System.nanoTime();
    private final Duration every;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile long lastProgress = System.nanoTime();

    TenantReport(int total, Duration every) {
        this.total = total;
        this.every = every;
    }

    @Override
    public void on(String tenant, RunEvent event) {
        if (event.warning() || LOG.enabled(Log.Level.DEBUG)) { // a tenant's own lines are for -v
            Invocation.print(new RunEvent.Note("[" + tenant + "] " + event.message(), event.warning()));
        }
    }

    @Override
    public void finished(TenantOutcome outcome) {
        int finished = done.incrementAndGet();
        if (outcome.failed()) {
            failed.incrementAndGet();
            // the whole message here (a refusal names its migrations on the lines after the first);
            // the summary has its first line
            LOG.warn("Tenant {} failed: {}", outcome.tenant(), Secrets.mask(outcome.failure().getMessage()));
        }
        long now = System.nanoTime();
        if (finished < total && !every.isZero() && now - lastProgress >= every.toNanos()) {
            lastProgress = now;
            LOG.info("Tenants: {}/{} done, {} failed", String.format("%,d", finished), String.format("%,d", total),
                    String.format("%,d", failed.get()));
        }
    }

    /** The summary of a migrate; returns the exit code. */
    int migrated(List<TenantOutcome> outcomes) {
        int migrated = 0;
        int upToDate = 0;
        int migrations = 0;
        for (TenantOutcome outcome : outcomes) {
            if (outcome.applied() != null) {
                migrations += outcome.applied().size();
                if (outcome.applied().isEmpty()) {
                    upToDate++;
                } else {
                    migrated++;
                }
            }
        }
        List<String> parts = new ArrayList<>();
        parts.add(String.format("%,d migrated (%,d migration%s)", migrated, migrations, migrations == 1 ? "" : "s"));
        parts.add(String.format("%,d up to date", upToDate));
        return summary(outcomes, parts);
    }

    /** Each tenant's status in a line, then the summary. */
    void statuses(List<TenantOutcome> outcomes) {
        int upToDate = 0;
        int notUpToDate = 0;
        for (TenantOutcome outcome : outcomes) {
            if (outcome.status() != null) {
                if (outcome.status().upToDate()) {
                    upToDate++;
                } else {
                    notUpToDate++;
                }
                LOG.info("{}  {}", outcome.tenant(), describe(outcome));
            }
        }
        summary(outcomes, new ArrayList<>(List.of(String.format("%,d up to date", upToDate),
                String.format("%,d not up to date", notUpToDate))));
    }

    /**
     * A status's exit code over the tenants: the first failed tenant's; else, with --exit-code,
     * 3 unless every tenant is up to date.
     */
    static int statusExitCode(List<TenantOutcome> outcomes, boolean exitCode) {
        int failed = firstFailure(outcomes);
        if (failed != 0) {
            return failed;
        }
        boolean allUpToDate = outcomes.stream().allMatch(o -> o.status() != null && o.status().upToDate());
        return exitCode && !allUpToDate ? KoldyException.REFUSED : 0;
    }

    /** The first failed tenant's exit code, in tenant order; 0 when none failed. */
    private static int firstFailure(List<TenantOutcome> outcomes) {
        return outcomes.stream().filter(TenantOutcome::failed).findFirst().map(o -> o.failure().exitCode()).orElse(0);
    }

    /** One tenant's status in a few words: its counts by state, the ones that need attention first. */
    static String describe(TenantOutcome outcome) {
        List<String> counts = new ArrayList<>();
        for (MigrationState state : MigrationState.values()) {
            long count = outcome.status().count(state);
            if (count > 0) {
                counts.add(count + " " + state.label());
            }
        }
        return (outcome.status().upToDate() ? "up to date: " : "not up to date: ")
                + (counts.isEmpty() ? "no migrations" : String.join(", ", counts));
    }

    private int summary(List<TenantOutcome> outcomes, List<String> parts) {
        List<TenantOutcome> failures = outcomes.stream().filter(TenantOutcome::failed).toList();
        long notStarted = outcomes.stream().filter(o -> !o.started()).count();
        parts.add(String.format("%,d failed", failures.size()));
        if (notStarted > 0) {
            parts.add(String.format("%,d not started (--fail-fast)", notStarted));
        }
        LOG.info("Tenants: {} in {}: {}", String.format("%,d", outcomes.size()),
                DurationText.seconds(Duration.ofNanos(System.nanoTime() - started)), String.join(", ", parts));
        for (TenantOutcome failure : failures.subList(0, Math.min(LISTED, failures.size()))) {
            LOG.error("Tenant {}: {}", failure.tenant(), Secrets.mask(Text.firstLine(failure.failure().getMessage())));
        }
        if (failures.size() > LISTED) {
            LOG.error("... and {} more failed tenants", failures.size() - LISTED);
        }
        return firstFailure(outcomes);
    }

    /** status --tenants --json: every tenant's state and counts, for a dashboard. */
    static Map<String, Object> document(List<TenantOutcome> outcomes) {
        List<Object> tenants = new ArrayList<>();
        for (TenantOutcome outcome : outcomes) {
            Map<String, Object> tenant = new LinkedHashMap<>();
            tenant.put("tenant", outcome.tenant());
            if (outcome.failed()) {
                tenant.put("state", "failed");
                tenant.put("error", Secrets.mask(outcome.failure().getMessage()));
            } else if (!outcome.started()) {
                tenant.put("state", "not-started"); // --fail-fast, after another tenant failed
            } else {
                tenant.put("state", outcome.status().upToDate() ? "up-to-date" : "not-up-to-date");
                Map<String, Object> counts = new LinkedHashMap<>();
                for (MigrationState state : MigrationState.values()) {
                    counts.put(state.label(), outcome.status().count(state));
                }
                tenant.put("migrations", counts);
            }
            tenants.add(tenant);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("tenants", tenants);
        return document;
    }
}
