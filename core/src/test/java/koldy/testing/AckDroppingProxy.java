package koldy.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP proxy in front of a database server that loses one commit's acknowledgement: on the
 * first connection that sends {@code trigger} and then a COMMIT, it forwards the COMMIT, lets the
 * server work for a moment, then drops the connection without passing the answer on. The server
 * has committed; the client cannot know.
 */
public final class AckDroppingProxy implements AutoCloseable {

    private final LoopbackProxy proxy;
    private final String trigger;
    private volatile boolean dropped;

    public AckDroppingProxy(String targetHost, int targetPort, String trigger) throws IOException {
        this.trigger = trigger;
        this.proxy = new LoopbackProxy(targetHost, targetPort, "ack-dropping-proxy", (client, upstream) -> {
            Connection connection = new Connection(client, upstream);
            LoopbackProxy.start(connection::toServer);
            LoopbackProxy.start(connection::toClient);
        });
    }

    public int port() {
        return proxy.port();
    }

    /** Whether it has dropped a commit's acknowledgement. */
    public boolean dropped() {
        return dropped;
    }

    /** One client's connection: the bytes each way, and whether its acknowledgements are being dropped. */
    private final class Connection {
        private final Socket client;
        private final Socket upstream;
        private volatile boolean swallowing;

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void toServer() {
            StringBuilder seen = new StringBuilder();
            byte[] buffer = new byte[65536];
            try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    boolean commits = false;
                    if (!dropped) {
                        seen.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                        int at = seen.indexOf(trigger);
                        commits = at >= 0 && seen.indexOf("COMMIT", at) >= 0;
                    }
                    if (commits) {
                        dropped = true;
                        swallowing = true; // before the COMMIT goes on: its answer goes nowhere
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    if (commits) {
                        Thread.sleep(500); // time to commit, which it does: the client goes away after
                        client.close();
                        upstream.close();
                        return;
                    }
                    if (seen.length() > 1 << 16) {
                        seen.delete(0, seen.length() - 1024);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // a side closed
            }
        }

        void toClient() {
            LoopbackProxy.pump(upstream, client, () -> !swallowing);
        }
    }

    @Override
    public void close() throws IOException {
        proxy.close();
    }
}
