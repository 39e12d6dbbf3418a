package koldy.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the {@code koldy} launcher script in a child process, as a user would. */
public final class Launcher {

    /** The checkout's root, where the {@code koldy} launcher and the README are. */
    public static final Path HOME = Path.of(System.getProperty("koldy.home", System.getProperty("user.dir") + "/.."))
            .toAbsolutePath().normalize();

    /** The core module's build output: {@code koldy.jar}, the library jar and the distribution. */
    public static final Path TARGET = HOME.resolve("core/target");

    private Launcher() {
    }

    public record Result(int exitCode, String out, String err) {
        public String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static Result run(Path workingDirectory, Map<String, String> environment, String... args) {
        return run(List.of("sh", HOME.resolve("koldy").toString()), workingDirectory, environment, args);
    }

    public static Result run(List<String> launcher, Path workingDirectory, Map<String, String> environment,
                             String... args) {
        return start(launcher, workingDirectory, environment, args).await();
    }

    /** Starts koldy without waiting for it. */
    public static Running start(Path workingDirectory, Map<String, String> environment, String... args) {
        return start(List.of("sh", HOME.resolve("koldy").toString()), workingDirectory, environment, args);
    }

    public static Running start(List<String> launcher, Path workingDirectory, Map<String, String> environment,
                                String... args) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("KOLDY_") && !k.equals("KOLDY_JAVA_OPTS"));
        builder.environment().putAll(environment);
        try {
            Path out = Files.createTempFile("koldy-out", ".txt");
            Path err = Files.createTempFile("koldy-err", ".txt");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            return new Running(builder.start(), out, err, String.join(" ", args));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A koldy process under way. */
    public static final class Running {
        private final Process process;
        private final Path out;
        private final Path err;
        private final String args;

        Running(Process process, Path out, Path err, String args) {
            this.process = process;
            this.out = out;
            this.err = err;
            this.args = args;
        }

        /** The launcher's process; koldy's JVM is its child. */
        public Process process() {
            return process;
        }

        /**
         * Kills koldy's JVM as a crash or an out-of-memory killer would (SIGKILL: no shutdown hooks,
         * no cleanup); the launcher then ends with the JVM's exit code, 137.
         */
        public void killJvm() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }

        /** What it has printed on stderr so far. */
        public String errSoFar() {
            try {
                return Files.readString(err, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        /** What it has printed on stdout so far. */
        public String outSoFar() {
            try {
                return Files.readString(out, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        public Result await() {
            try {
                if (!process.waitFor(180, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("koldy " + args + " did not finish in 180 s");
                }
                Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
                return result;
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
