package koldy.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a database server that counts, per client connection, the round trips:
 * the times the client sent something after the server had answered. What a client pipelines
 * (several statements, then one wait for all the answers) is one; a statement that waits for its
 * answer before the next is sent is one each.
 */
public final class RoundTripCounter implements AutoCloseable {

    private final LoopbackProxy proxy;
    private final List<AtomicInteger> perConnection = new CopyOnWriteArrayList<>();

    public RoundTripCounter(String targetHost, int targetPort) throws IOException {
        this.proxy = new LoopbackProxy(targetHost, targetPort, "round-trip-counter", (client, upstream) -> {
            AtomicInteger count = new AtomicInteger();
            AtomicBoolean answered = new AtomicBoolean(true);
            perConnection.add(count);
            LoopbackProxy.start(() -> LoopbackProxy.pump(client, upstream, () -> {
                if (answered.getAndSet(false)) {
                    count.incrementAndGet(); // the client speaks again after an answer: a new round trip
                }
                return true;
            }));
            LoopbackProxy.start(() -> LoopbackProxy.pump(upstream, client, () -> {
                answered.set(true);
                return true;
            }));
        });
    }

    public int port() {
        return proxy.port();
    }

    /** The most round trips any one connection made since the last reset: a run's work connection. */
    public int busiestConnection() {
        return perConnection.stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }

    /** Forgets the connections counted so far. */
    public void reset() {
        perConnection.clear();
    }

    @Override
    public void close() throws IOException {
        proxy.close();
    }
}
