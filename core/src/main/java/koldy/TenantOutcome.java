package koldy;

import java.util.List;

/**
 * One tenant's part of a run over every tenant: what it applied, or its status, or why it failed;
 * all null when it was not started (a run that stops at the first failure).
 *
 * @param applied what a migrate applied (empty: it was up to date), or null
 * @param status  what a status found, or null
 * @param failure why this tenant failed (its exit code and first line say it), or null
 */
public record TenantOutcome(String tenant, List<Applied> applied, Status status, KoldyException failure) {

    public static TenantOutcome notStarted(String tenant) {
        return new TenantOutcome(tenant, null, null, null);
    }

    /**
     * One failure for a run over tenants that had failed tenants, null where none failed: how many
     * failed, and the first one's name, reason and message (so its exit code is the first's).
     */
    public static KoldyException failureOf(List<TenantOutcome> outcomes) {
        List<TenantOutcome> failed = outcomes.stream().filter(TenantOutcome::failed).toList();
        if (failed.isEmpty()) {
            return null;
        }
        KoldyException first = failed.get(0).failure();
        return new KoldyException(first.reason(), failed.size() + " of " + outcomes.size() + " tenants failed; the"
                + " first, " + failed.get(0).tenant() + ": " + first.getMessage(), first);
    }

    /**
     * How a migrate over these tenants went, for a log line: "3: 1 migrated, 1 up to date, 1 failed"
     * (a tenant not started counts in the first number only).
     */
    public static String migrateSummary(List<TenantOutcome> outcomes) {
        long migrated = outcomes.stream().filter(o -> o.applied() != null && !o.applied().isEmpty()).count();
        long upToDate = outcomes.stream().filter(o -> o.applied() != null && o.applied().isEmpty()).count();
        long failed = outcomes.stream().filter(TenantOutcome::failed).count();
        return outcomes.size() + ": " + migrated + " migrated, " + upToDate + " up to date, " + failed + " failed";
    }

    public boolean failed() {
        return failure != null;
    }

    public boolean started() {
        return applied != null || status != null || failure != null;
    }
}
