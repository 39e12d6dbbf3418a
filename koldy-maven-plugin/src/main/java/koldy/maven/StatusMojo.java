package koldy.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import koldy.KoldyException;
import koldy.Status;
import koldy.library.Koldy;

/** Every migration's state, printed as {@code koldy status} prints it. Reads only. */
@Mojo(name = "status", threadSafe = true)
public class StatusMojo extends KoldyMojo {

    /** Fails the build unless every migration is executed (as {@code --exit-code}). */
    @Parameter(property = "koldy.failIfNotUpToDate", defaultValue = "false")
    boolean failIfNotUpToDate;

    @Override
    void run(Koldy koldy) {
        Status status = koldy.status();
        for (String line : status.describe(MAVEN)) {
            getLog().info(line);
        }
        if (failIfNotUpToDate && !status.upToDate()) {
            throw KoldyException.refused(KoldyException.Reason.NOT_UP_TO_DATE,
                    "The database is not up to date (koldy.failIfNotUpToDate).");
        }
    }
}
