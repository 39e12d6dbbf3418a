package koldy.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import koldy.KoldyException;
import koldy.Migration;
import koldy.MigrationFile;
import koldy.util.Log;

/**
 * The compiled classes of a set of Java migrations, loaded on demand from the compile cache (or
 * from memory when there is no cache): a run loads only the migrations it executes.
 */
public final class CompiledMigrations implements MigrationClasses {

    private static final Log LOG = Log.of(CompiledMigrations.class);

    private final Map<String, MigrationFile> byClassName = new HashMap<>();
    private final Map<String, Map<String, byte[]>> inMemory;
    private final JavaMigrationCompiler compiler;
    private final Loader loader = new Loader();

    CompiledMigrations(List<MigrationFile> files, Map<String, Map<String, byte[]>> inMemory,
                       JavaMigrationCompiler compiler) {
        for (MigrationFile file : files) {
            byClassName.put(file.className(), file);
        }
        this.inMemory = inMemory;
        this.compiler = compiler;
    }

    /**
     * Loads a migration about to run. Its cache entry is checked whole first, nested classes
     * included, and compiled again if damaged: before it runs, not half way through it.
     */
    @Override
    public Migration instantiate(MigrationFile file) {
        String key = JavaMigrationCompiler.cacheKey(file);
        if (compiler.hasCache() && !inMemory.containsKey(key) && !compiler.entryIntact(file)) {
            LOG.warn("The compile cache entry of {} is incomplete or damaged; compiling it again", file.script());
            inMemory.put(key, compiler.recompile(file));
        }
        Class<?> type;
        try {
            type = loader.loadClass(file.className());
        } catch (ClassNotFoundException | LinkageError e) {
            throw KoldyException.invalidMigration("Cannot load " + file.className() + " from "
                    + compiler.display(file.path())
                    + ": " + e);
        }
        return MigrationClasses.instantiate(type, file, compiler.display(file.path()));
    }

    /** The file a class comes from: nested classes ("Migration_1_X$Helper") live in their outer class's entry. */
    private MigrationFile fileOf(String className) {
        int dollar = className.indexOf('$');
        return byClassName.get(dollar < 0 ? className : className.substring(0, dollar));
    }

    private byte[] bytesOf(String className) throws IOException {
        MigrationFile file = fileOf(className);
        if (file == null) {
            return null;
        }
        Map<String, byte[]> fresh = inMemory.get(JavaMigrationCompiler.cacheKey(file));
        if (fresh != null) {
            return fresh.get(className);
        }
        if (!compiler.hasCache()) {
            return null;
        }
        Path classFile = compiler.cacheEntry(file).resolve(className + ".class");
        return Files.isRegularFile(classFile) ? Files.readAllBytes(classFile) : null;
    }

    /** Defines migration classes from their bytes; everything else comes from koldy's own loader. */
    private final class Loader extends ClassLoader {
        Loader() {
            super(Migration.class.getClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            try {
                byte[] bytes = bytesOf(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                try {
                    return defineClass(name, bytes, 0, bytes.length);
                } catch (ClassFormatError damaged) {
                    MigrationFile file = fileOf(name);
                    String key = JavaMigrationCompiler.cacheKey(file);
                    if (inMemory.containsKey(key)) {
                        throw damaged; // just compiled: not the cache's fault
                    }
                    LOG.warn("The compiled class of {} in the compile cache is damaged ({}); compiling it again",
                            file.script(), damaged.getMessage());
                    inMemory.put(key, compiler.recompile(file));
                    byte[] fresh = bytesOf(name);
                    if (fresh == null) {
                        throw new ClassNotFoundException(name);
                    }
                    return defineClass(name, fresh, 0, fresh.length);
                }
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }
}
