package koldy.history;

import koldy.RunState;

/**
 * Which way a migration runs: up (migrate) or down (rollback), with the words a report uses for
 * each and the run states a run that cannot be atomic records on the way.
 */
public enum Direction {
    UP(RunState.RUNNING, RunState.FAILED),
    DOWN(RunState.REVERTING, RunState.REVERT_FAILED);

    private final RunState started;
    private final RunState failed;

    Direction(RunState started, RunState failed) {
        this.started = started;
        this.failed = failed;
    }

    public boolean up() {
        return this == UP;
    }

    /** The run-table state while it runs. */
    RunState started() {
        return started;
    }

    /** The run-table state when it failed half way. */
    RunState failed() {
        return failed;
    }

    /** "migration" or "rollback". */
    public String noun() {
        return up() ? "migration" : "rollback";
    }

    /** How a report names the step: "X" or "the rollback of X". */
    public String step(String script) {
        return up() ? script : "the rollback of " + script;
    }

    /** "Migration X failed" or "Rollback of X failed". */
    public String failedHeading(String script) {
        return (up() ? "Migration " : "Rollback of ") + script + " failed";
    }

    /** What the history says once the step is done: "executed" or "rolled back". */
    public String done() {
        return up() ? "executed" : "rolled back";
    }

    /** What the history still says when the step did not happen. */
    public String notDone() {
        return up() ? "not recorded as executed" : "still recorded as executed";
    }

    /** What became of the steps before a failed one: "applied and recorded" or "rolled back". */
    public String earlierSteps() {
        return up() ? "applied and recorded" : "rolled back";
    }
}
