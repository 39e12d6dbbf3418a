package koldy.migrate;

import koldy.MigrateOptions;

/**
 * How a message tells its reader what to do next: as a command for someone at the command line,
 * or as the API call for an application embedding koldy (which has no koldy command).
 */
public enum Advice {
    COMMAND_LINE("koldy migrate", "run: koldy migrate --force", "koldy repair", "koldy status"),
    LIBRARY("Koldy.migrate()", "migrate with new MigrateOptions(true, null, false)", "Koldy.repair()",
            "Koldy.status()");

    private final String migrate;
    private final String force;
    private final String repair;
    private final String status;

    Advice(String migrate, String force, String repair, String status) {
        this.migrate = migrate;
        this.force = force;
        this.repair = repair;
        this.status = status;
    }

    /** How to migrate. */
    String migrate() {
        return migrate;
    }

    /** How to run out-of-order migrations anyway. */
    String force() {
        return force;
    }

    /** How to accept changed files, forget deleted ones, clear a failed run's record. */
    String repair() {
        return repair;
    }

    /** How to see every migration's state. */
    String status() {
        return status;
    }
}
