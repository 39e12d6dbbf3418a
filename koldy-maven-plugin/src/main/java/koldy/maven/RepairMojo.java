package koldy.maven;

import java.util.List;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import koldy.library.Koldy;

/**
 * Accepts changed files, clears failed-run records, and forgets the executed migrations named in
 * {@code koldy.forget} whose files were deleted, as {@code koldy repair}.
 */
@Mojo(name = "repair", threadSafe = true)
public class RepairMojo extends KoldyMojo {

    /** Executed migrations to forget, whose files were deleted on purpose (comma-separated). */
    @Parameter(property = "koldy.forget")
    List<String> forget;

    @Override
    void run(Koldy koldy) {
        koldy.repair(forget == null ? List.of() : forget);
    }
}
