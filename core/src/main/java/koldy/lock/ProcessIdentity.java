package koldy.lock;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** How a lock holder names itself to other waiters: "pid 1234 on host app-2". */
public final class ProcessIdentity {

    private static String thisProcess;

    private ProcessIdentity() {
    }

    /**
     * The host name comes from the environment or /etc/hostname before any network lookup, which
     * can stall on a box without DNS.
     */
    public static synchronized String thisProcess() {
        if (thisProcess == null) {
            thisProcess = "pid " + ProcessHandle.current().pid() + " on host " + hostName();
        }
        return thisProcess;
    }

    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host.trim();
        }
        try {
            String file = Files.readString(Path.of("/etc/hostname")).trim();
            if (!file.isEmpty()) {
                return file;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no such file
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
