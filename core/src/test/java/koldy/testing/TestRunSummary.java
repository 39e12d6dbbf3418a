package koldy.testing;

import java.util.Map;
import java.util.TreeMap;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says on the console what a test run uses and what it skipped, which otherwise shows only in
 * target/*-reports: one line per database and topology as the run starts (which server, found
 * how), and at its end how many tests were skipped, by reason.
 */
public final class TestRunSummary implements TestExecutionListener {

    private final Map<String, Integer> skipped = new TreeMap<>();

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        for (TestDatabase database : TestDatabase.values()) {
            say(database.describe());
        }
        say(Topology.describe("KOLDY_TEST_GALERA_URLS", "Galera cluster"));
        say(Topology.describe("KOLDY_TEST_PGBOUNCER_URL", "PgBouncer"));
        say(Topology.describe("KOLDY_TEST_PGPOOL_URLS", "pgpool-II with a lagging replica"));
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        count(reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED && test.isTest()) {
            count(result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private synchronized void count(String reason) {
        skipped.merge(reason == null ? "no reason given" : reason, 1, Integer::sum);
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        int total = skipped.values().stream().mapToInt(Integer::intValue).sum();
        say(total == 0 ? "no test was skipped" : total + " test" + (total == 1 ? " was" : "s were") + " skipped:");
        skipped.forEach((reason, count) -> say("  " + count + " × " + reason));
    }

    private static void say(String line) {
        System.out.println("[koldy tests] " + line);
    }
}
