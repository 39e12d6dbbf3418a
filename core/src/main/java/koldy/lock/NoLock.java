package koldy.lock;

/** For a database private to this process (SQLite in memory): nothing to serialise. */
public final class NoLock implements RunLock {

    @Override
    public boolean tryAcquire() {
        return true;
    }

    @Override
    public String describeHolder() {
        return null;
    }

    @Override
    public void verify() {
    }

    @Override
    public void close() {
    }
}
