package koldy.cli;

import java.util.List;

import org.apache.commons.cli.Option;

import koldy.KoldyException;

final class BaselineCommand implements Command {

    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public String synopsis() {
        return "baseline <TIMESTAMP> [--lock-timeout SECONDS]";
    }

    @Override
    public String summary() {
        return "record every migration up to TIMESTAMP as executed, without running it";
    }

    @Override
    public String details() {
        return """
                For starting with koldy on a live database whose schema already has what the older
                migrations make: they are recorded as executed (with their checksums) and never run.
                Later migrations stay pending.
                Example:
                  koldy baseline 1764000060
                  koldy migrate       # runs only what comes after""";
    }

    @Override
    public List<Option> options() {
        return List.of(CommonOptions.lockTimeout());
    }

    @Override
    public void check(Invocation invocation) {
        timestamp(invocation);
    }

    @Override
    public int run(Invocation invocation) {
        long timestamp = timestamp(invocation);
        invocation.withKoldy(koldy -> koldy.baseline(timestamp));
        return 0;
    }

    private static long timestamp(Invocation invocation) {
        List<String> args = invocation.arguments();
        if (args.size() != 1) {
            throw KoldyException.usage("baseline takes one timestamp, e.g. koldy baseline 1764000060");
        }
        return Invocation.parseTimestamp("baseline", args.get(0));
    }
}
