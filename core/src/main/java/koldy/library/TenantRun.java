package koldy.library;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

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

    /** A tenant's Koldy: one that gives up at once where another run holds the tenant's lock, or one that waits. */
    @FunctionalInterface
    interface Opener {
        Koldy open(String tenant, boolean waitForLock);
    }

    private TenantRun() {
    }

    /** {@code count} threads named so, which never keep the JVM alive (an application's or the CLI's). */
    static ExecutorService daemons(int count, String name) {
        return Executors.newFixedThreadPool(count, runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The outcomes in the order of {@code tenants}. Where {@code share}, a tenant whose lock another
     * run holds (a replica starting at the same moment) is put off rather than waited for: this
     * run goes on with the tenants nobody has, and comes back to those at the end, waiting then.
     * So replicas share the work, and each tenant still runs exactly once under its lock.
     *
     * @param parallel how many tenants at once
     */
    static List<TenantOutcome> run(List<String> tenants, TenantOptions options, int parallel, boolean share, Opener open,
                                   Work work) {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService workers = daemons(Math.min(parallel, Math.max(1, tenants.size())), "koldy-tenant");
        try {
            Map<String, TenantOutcome> outcomes = new HashMap<>();
            List<String> putOff = new ArrayList<>();
            for (Map.Entry<String, TenantOutcome> first : pass(tenants, !share, workers, options, stop, open, work)
                    .entrySet()) {
                if (putOff(first.getValue(), !share)) {
                    putOff.add(first.getKey());
                } else {
                    outcomes.put(first.getKey(), first.getValue());
                }
            }
            outcomes.putAll(pass(putOff, true, workers, options, stop, open, work));
            return tenants.stream().map(outcomes::get).toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KoldyException(Reason.MIGRATION_FAILED, "Interrupted while tenants were running.", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new KoldyException(Reason.MIGRATION_FAILED, "A tenant's run failed unexpectedly: " + e.getCause(), e);
        } finally {
            workers.shutdownNow();
        }
    }

    /** One pass over some tenants; a tenant put off is not reported yet, so the listener hears of it once. */
    private static Map<String, TenantOutcome> pass(List<String> tenants, boolean waitForLock, ExecutorService workers,
                                                   TenantOptions options, AtomicBoolean stop, Opener open, Work work)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        Map<String, Future<TenantOutcome>> running = new LinkedHashMap<>();
        for (String tenant : tenants) {
            running.put(tenant, workers.submit(() -> {
                if (stop.get()) {
                    return TenantOutcome.notStarted(tenant);
                }
                TenantOutcome outcome = one(tenant, open, waitForLock, work);
                if (!putOff(outcome, waitForLock)) {
                    if (outcome.failed() && options.failFast()) {
                        stop.set(true);
                    }
                    options.listener().finished(outcome);
                }
                return outcome;
            }));
        }
        Map<String, TenantOutcome> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, Future<TenantOutcome>> outcome : running.entrySet()) {
            outcomes.put(outcome.getKey(), outcome.getValue().get());
        }
        return outcomes;
    }

    /** A tenant whose lock another run held, tried without waiting: it comes again at the end. */
    private static boolean putOff(TenantOutcome outcome, boolean waitedForLock) {
        return !waitedForLock && outcome.failed() && outcome.failure().reason() == Reason.LOCK_TIMEOUT;
    }

    private static TenantOutcome one(String tenant, Opener open, boolean waitForLock, Work work) {
        try (Koldy koldy = open.open(tenant, waitForLock)) {
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
