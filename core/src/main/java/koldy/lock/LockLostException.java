package koldy.lock;

/**
 * The run lock is no longer held: its session ended (a server or proxy timeout, a killed
 * connection) or its lease was taken over. Whatever runs next might run alongside another run.
 */
public final class LockLostException extends Exception {

    public LockLostException(String reason) {
        super(reason);
    }

    public LockLostException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
