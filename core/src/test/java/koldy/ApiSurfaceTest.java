package koldy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import koldy.library.Koldy;

/**
 * koldy's API is what its module exports, and nothing else leaks into it: every public type of an
 * exported package names, in its public and protected signatures, only the JDK's types and the
 * API's own. So a runner's hook (a setter on an exception, the thread's session) cannot slip back
 * onto the surface an application compiles against.
 */
class ApiSurfaceTest {

    private static final Set<String> API = Set.of("koldy", "koldy.library");

    @Test
    void theModuleExportsTheApiPackagesOnly() throws Exception {
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            ModuleDescriptor module = ModuleDescriptor.read(in);
            assertEquals("koldy", module.name());
            assertEquals(API, module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
            assertTrue(module.exports().stream().noneMatch(ModuleDescriptor.Exports::isQualified));
            assertTrue(module.opens().isEmpty());
        }
    }

    @Test
    void publicSignaturesNameOnlyTheJdkAndTheApi() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : apiTypes()) {
            check(type, "extends", type.getGenericSuperclass(), leaks);
            for (Type implemented : type.getGenericInterfaces()) {
                check(type, "implements", implemented, leaks);
            }
            for (Field field : type.getDeclaredFields()) {
                if (visible(field)) {
                    check(type, field.getName(), field.getGenericType(), leaks);
                }
            }
            for (Executable code : Stream.concat(Stream.of(type.getDeclaredConstructors()),
                    Stream.of(type.getDeclaredMethods())).toList()) {
                if (visible(code) && !code.isSynthetic()) {
                    String name = code instanceof Method ? code.getName() : "<init>";
                    for (Type parameter : code.getGenericParameterTypes()) {
                        check(type, name, parameter, leaks);
                    }
                    for (Type thrown : code.getGenericExceptionTypes()) {
                        check(type, name, thrown, leaks);
                    }
                    if (code instanceof Method method) {
                        check(type, name, method.getGenericReturnType(), leaks);
                    }
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    @Test
    void theRunnersHooksAreNotApi() throws Exception {
        Set<String> members = new TreeSet<>();
        for (Class<?> type : apiTypes()) {
            for (Method method : type.getDeclaredMethods()) {
                if (visible(method)) {
                    members.add(type.getSimpleName() + "." + method.getName());
                }
            }
        }
        for (String hook : List.of("KoldyException.afterApplying", "Status.of", "Status.whileRunBy",
                "Session.runningOnThisThread")) {
            assertTrue(!members.contains(hook), hook + " is the runner's, not API");
        }
        assertTrue(members.contains("Koldy.migrate") && members.contains("Status.upToDate"), members.toString());
    }

    private static boolean visible(Member member) {
        int modifiers = member.getModifiers();
        return (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers))
                && Modifier.isPublic(member.getDeclaringClass().getModifiers());
    }

    private static void check(Class<?> owner, String where, Type type, List<String> leaks) {
        if (type == null) {
            return;
        }
        if (type instanceof ParameterizedType parameterized) {
            check(owner, where, parameterized.getRawType(), leaks);
            for (Type argument : parameterized.getActualTypeArguments()) {
                check(owner, where, argument, leaks);
            }
        } else if (type instanceof WildcardType wildcard) {
            Stream.concat(Stream.of(wildcard.getUpperBounds()), Stream.of(wildcard.getLowerBounds()))
                    .forEach(bound -> check(owner, where, bound, leaks));
        } else if (type instanceof GenericArrayType array) {
            check(owner, where, array.getGenericComponentType(), leaks);
        } else if (type instanceof Class<?> named) {
            Class<?> element = named;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            String pkg = element.getPackageName();
            if (!element.isPrimitive() && !pkg.startsWith("java.") && !pkg.startsWith("javax.")
                    && !API.contains(pkg)) {
                leaks.add(owner.getName() + "." + where + " names " + element.getName());
            }
        } else if (!(type instanceof TypeVariable<?>)) {
            leaks.add(owner.getName() + "." + where + ": " + type);
        }
    }

    /** Every public class, interface, record and enum of the API packages, nested ones included. */
    private static List<Class<?>> apiTypes() throws Exception {
        List<Class<?>> types = new ArrayList<>();
        for (String pkg : API) {
            try (Stream<Path> files = Files.list(classes().resolve(pkg.replace('.', '/')))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    String name = file.getFileName().toString().replace(".class", "");
                    if (name.equals("package-info")) {
                        continue;
                    }
                    Class<?> type = Class.forName(pkg + "." + name, false, ApiSurfaceTest.class.getClassLoader());
                    if (Modifier.isPublic(type.getModifiers()) && !type.isAnonymousClass() && !type.isSynthetic()) {
                        types.add(type);
                    }
                }
            }
        }
        assertTrue(types.size() > 20, types.toString());
        return types;
    }

    private static Path classes() throws Exception {
        return Path.of(Koldy.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
