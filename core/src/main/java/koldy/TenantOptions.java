package koldy;

/**
 * How a run over every tenant goes: how many tenants at once (each with its own connections; 0:
 * {@code tenants.parallel} of the configuration), whether the first failure stops tenants not yet
 * started, and who hears of each tenant.
 */
public record TenantOptions(int parallel, boolean failFast, TenantListener listener) {

    /** Told of each tenant's events as they happen, and of each tenant as it finishes; from the workers' threads. */
    public interface TenantListener {
        void on(String tenant, RunEvent event);

        default void finished(TenantOutcome outcome) {
        }
    }

    public TenantOptions {
        if (parallel < 0) {
            throw KoldyException.usage("Tenants run at least one at a time (parallel " + parallel + ").");
        }
        if (listener == null) {
            listener = (tenant, event) -> { };
        }
    }
}
