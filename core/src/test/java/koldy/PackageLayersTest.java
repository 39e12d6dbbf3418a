package koldy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.Test;

import koldy.library.Koldy;

/**
 * koldy's packages form layers: each uses only the packages listed before it, so there is no
 * package cycle, and the public API ({@code koldy}) uses nothing of koldy's internals but the seam
 * below it ({@code koldy.internal}: the session a migration's calls run in). Read from the
 * compiled classes by the JDK's own jdeps, so every reference counts, imported or not.
 */
class PackageLayersTest {

    /** Bottom to top; the README's Layout section explains each. */
    private static final List<String> LAYERS = List.of("koldy.internal", "koldy", "koldy.util", "koldy.config", "koldy.lock",
            "koldy.dialect", "koldy.db", "koldy.load", "koldy.history", "koldy.migrate", "koldy.library", "koldy.cli");

    @Test
    void eachPackageUsesOnlyTheLayersBelowIt() throws Exception {
        List<String> wrong = new ArrayList<>();
        TreeSet<String> seen = new TreeSet<>();
        for (String[] use : packageUses()) {
            String from = use[0];
            String to = use[1];
            seen.add(from);
            if (!LAYERS.contains(from)) {
                wrong.add(from + " is not in LAYERS");
            } else if (to.equals("koldy") || to.startsWith("koldy.")) {
                if (!LAYERS.contains(to) || LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
                    wrong.add(from + " -> " + to);
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(new TreeSet<>(LAYERS), seen, "every layer has classes, and jdeps read them all");
    }

    /** {from package, to package} for every package a koldy class refers to, as jdeps reports it. */
    private static List<String[]> packageUses() throws Exception {
        Path classes = Path.of(Koldy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        // koldy is a module (module-info): jdeps resolves what it requires from the tests' own paths
        String modulePath = String.join(java.io.File.pathSeparator, System.getProperty("jdk.module.path", ""),
                System.getProperty("java.class.path", ""));
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "--module-path", modulePath, "--multi-release", "17",
                "-verbose:package", "-filter:none", classes.toString());
        assertEquals(0, exit, out.toString());
        List<String[]> uses = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length >= 3 && words[1].equals("->") && words[0].startsWith("koldy")) {
                uses.add(new String[] {words[0], words[2]});
            }
        }
        assertTrue(uses.size() > LAYERS.size(), out.toString());
        return uses;
    }
}
