package koldy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<AtomicInteger> perConnection = new CopyOnWriteArrayList<>();

    public RoundTripCounter(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::accept, "round-trip-counter");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The most round trips any one connection made since the last reset: a run's work connection. */
    public int busiestConnection() {
        return perConnection.stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }

    /** Forgets the connections counted so far. */
    public void reset() {
        perConnection.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                AtomicInteger count = new AtomicInteger();
                AtomicBoolean answered = new AtomicBoolean(true);
                perConnection.add(count);
                start(() -> pump(client, upstream, () -> {
                    if (answered.getAndSet(false)) {
                        count.incrementAndGet(); // the client speaks again after an answer: a new round trip
                    }
                }));
                start(() -> pump(upstream, client, () -> answered.set(true)));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void start(Runnable pump) {
        Thread t = new Thread(pump);
        t.setDaemon(true);
        t.start();
    }

    /** Forwards what arrives, telling {@code heard} of each arrival before passing it on. */
    private static void pump(Socket from, Socket to, Runnable heard) {
        byte[] buffer = new byte[65536];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                heard.run();
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // a side closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
