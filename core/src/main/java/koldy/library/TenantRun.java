package koldy.library;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import koldy.KoldyException;
import koldy.KoldyException.Reason;
import koldy.TenantOptions;
import koldy.TenantOutcome;

/**
 * One operation over many tenants, a bounded number at once: each tenant on a Koldy of its own
 * (its connection, history and lock), opened when its turn comes and closed after, so memory and
 * connections stay flat however many tenants there are. A tenant's failure is its outcome; the
 * others go on unless the options say to stop at the first.
 */
final class TenantRun {

    /** One tenant's work on its own Koldy. */
    @FunctionalInterface
    interface Work {
        TenantOutcome run(String tenant, Koldy koldy);
    }

    private TenantRun() {
    }

    /** The outcomes in the order of {@code tenants}. */
    static List<TenantOutcome> run(List<String> tenants, TenantOptions options, Function<String, Koldy> open, Work work) {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(options.parallel(), Math.max(1, tenants.size())),
                runnable -> {
                    Thread thread = new Thread(runnable, "koldy-tenant");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Future<TenantOutcome>> running = new ArrayList<>();
            for (String tenant : tenants) {
                running.add(workers.submit(() -> {
                    if (stop.get()) {
                        return TenantOutcome.notStarted(tenant);
                    }
                    TenantOutcome outcome = one(tenant, open, work);
                    if (outcome.failed() && options.failFast()) {
                        stop.set(true);
                    }
                    options.listener().finished(outcome);
                    return outcome;
                }));
            }
            List<TenantOutcome> outcomes = new ArrayList<>();
            for (Future<TenantOutcome> outcome : running) {
                outcomes.add(outcome.get());
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KoldyException(Reason.MIGRATION_FAILED, "Interrupted while tenants were running.", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new KoldyException(Reason.MIGRATION_FAILED, "A tenant's run failed unexpectedly: " + e.getCause(), e);
        } finally {
            workers.shutdownNow();
        }
    }

    private static TenantOutcome one(String tenant, Function<String, Koldy> open, Work work) {
        try (Koldy koldy = open.apply(tenant)) {
            return work.run(tenant, koldy);
        } catch (KoldyException e) {
            return new TenantOutcome(tenant, null, null, e);
        } catch (RuntimeException | LinkageError e) {
            // Anything else is this tenant's failure too, never the others'.
            return new TenantOutcome(tenant, null, null,
                    new KoldyException(Reason.MIGRATION_FAILED, "Unexpected error: " + e, e));
        }
    }
}
