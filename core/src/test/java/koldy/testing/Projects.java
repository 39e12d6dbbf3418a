package koldy.testing;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test projects of one test, closed (their databases dropped) after it, before its
 * temporary directory goes, with whatever else the test asked to undo, newest first:
 * {@code @RegisterExtension final Projects projects = new Projects();}
 */
public final class Projects implements AfterEachCallback {

    private final Deque<Runnable> undo = new ArrayDeque<>();

    /** A project on an empty database of its own. */
    public TestProject create(TestDatabase database, Path root) {
        TestProject project = new TestProject(database, root);
        undo.push(project::close);
        return project;
    }

    /** A project the caller made, closed after the test like the others. */
    public TestProject adopt(TestProject project) {
        undo.push(project::close);
        return project;
    }

    /** Something to undo after the test (a database to drop), before what was registered earlier. */
    public void afterTest(Runnable action) {
        undo.push(action);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        while (!undo.isEmpty()) {
            undo.pop().run();
        }
    }
}
