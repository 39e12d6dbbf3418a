package koldy.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The test projects of one test, closed (their databases dropped) after it, before its
 * temporary directory goes: {@code @RegisterExtension final Projects projects = new Projects();}
 */
public final class Projects implements AfterEachCallback {

    private final List<TestProject> open = new ArrayList<>();

    /** A project on an empty database of its own. */
    public TestProject create(TestDatabase database, Path root) {
        TestProject project = new TestProject(database, root);
        open.add(project);
        return project;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }
}
