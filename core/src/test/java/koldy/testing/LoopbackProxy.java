package koldy.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP proxy on the loopback interface in front of a server: each client connection gets a
 * connection of its own to the server, and {@code wiring} decides what passes between them
 * (a test's proxy counts round trips, or loses an answer).
 */
final class LoopbackProxy implements AutoCloseable {

    /** What a proxy does with one client connection and its server connection. */
    @FunctionalInterface
    interface Wiring {
        void connect(Socket client, Socket upstream);
    }

    private final ServerSocket server;

    LoopbackProxy(String targetHost, int targetPort, String name, Wiring wiring) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    wiring.connect(client, new Socket(targetHost, targetPort));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Runs one direction's pump on a daemon thread of its own. */
    static void start(Runnable pump) {
        Thread t = new Thread(pump);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Copies what arrives on {@code from} to {@code to} until either side closes, asking
     * {@code passOn} before each arrival whether to pass it on (false: it is dropped).
     */
    static void pump(Socket from, Socket to, java.util.function.BooleanSupplier passOn) {
        byte[] buffer = new byte[65536];
        try (java.io.InputStream in = from.getInputStream(); java.io.OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (passOn.getAsBoolean()) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
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
