package koldy.cli;

import java.util.List;

import org.apache.commons.cli.Option;

import koldy.KoldyException;

final class RepairCommand implements Command {

    @Override
    public String name() {
        return "repair";
    }

    @Override
    public String synopsis() {
        return "repair [--lock-timeout SECONDS]";
    }

    @Override
    public String summary() {
        return "accept changed migration files and forget deleted ones, saying what it changes";
    }

    @Override
    public String details() {
        return """
                For each executed migration whose file changed, records the file's current checksum;
                for each executed migration whose file was deleted, removes its history row.
                It prints exactly what it will change before changing it. It never runs a migration.
                Example:
                  koldy status     # see what is 'changed' or 'missing'
                  koldy repair""";
    }

    @Override
    public List<Option> options() {
        return List.of(CommonOptions.lockTimeout());
    }

    @Override
    public int run(Invocation invocation) {
        if (!invocation.arguments().isEmpty()) {
            throw KoldyException.usage("repair takes no arguments (got: " + String.join(" ", invocation.arguments())
                    + ")");
        }
        invocation.withKoldy(koldy -> koldy.repair());
        return 0;
    }
}
