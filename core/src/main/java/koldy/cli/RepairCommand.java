package koldy.cli;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.cli.Option;


final class RepairCommand implements Command {

    @Override
    public String name() {
        return "repair";
    }

    @Override
    public String synopsis() {
        return "repair [--forget SCRIPT,...] [--lock-timeout SECONDS]";
    }

    @Override
    public String summary() {
        return "accept changed migration files, forget deleted ones you name, saying what it changes";
    }

    @Override
    public String details() {
        return """
                For each executed migration whose file changed, records the file's current checksum,
                and clears the record of a run that failed half way. An executed migration whose file
                was deleted loses its history row only when named with --forget: run from the wrong
                directory, every file looks deleted, and repair refuses (exit 3) and changes nothing.
                It prints exactly what it will change before changing it. It never runs a migration.
                Examples:
                  koldy status     # see what is 'changed' or 'missing'
                  koldy repair
                  koldy repair --forget 1764000180_AddEmailToUsers""";
    }

    @Override
    public List<Option> options() {
        return List.of(Option.builder().longOpt("forget").hasArg().argName("SCRIPT,...")
                .desc("forget these executed migrations, whose files were deleted on purpose").get(),
                CommonOptions.lockTimeout());
    }

    @Override
    public int run(Invocation invocation) {
        List<String> forget = new ArrayList<>();
        String[] values = invocation.line().getOptionValues("forget");
        for (String value : values == null ? new String[0] : values) {
            for (String script : value.split(",")) {
                if (!script.isBlank()) {
                    forget.add(script.trim());
                }
            }
        }
        invocation.withKoldy(koldy -> koldy.repair(forget));
        return 0;
    }
}
