package koldy.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

import koldy.KoldyException;
import koldy.load.Version;
import koldy.util.Log;

/** Parses {@code koldy [global options] <command> [options]} and runs the command. */
final class CommandLineInterface {

    private final List<Command> commands;

    CommandLineInterface() {
        commands = List.of(new InitCommand(), new CreateMigrationCommand(), new MigrateCommand(), new RollbackCommand(),
                new RedoCommand(), new StatusCommand(), new WaitCommand(), new BaselineCommand(), new RepairCommand(),
                new HelpCommand(this));
    }

    List<Command> commands() {
        return commands;
    }

    Options globalOptions() {
        Options options = new Options();
        options.addOption(Option.builder().longOpt("root").hasArg().argName("DIR")
                .desc("project root (default: $KOLDY_ROOT, else the nearest directory upwards holding"
                        + " configs/database.properties or .koldy/, else the current directory)").get());
        options.addOption(Option.builder().longOpt("config").hasArg().argName("FILE")
                .desc("configuration file, relative to the root (default: configs/database.properties)").get());
        options.addOption(Option.builder().longOpt("wait").hasArg().argName("SECONDS")
                .desc("wait up to SECONDS for a database that is still starting (refusing connections, not yet"
                        + " in DNS, starting up) before giving up").get());
        options.addOption(Option.builder().longOpt("tenant").hasArg().argName("NAME")
                .desc("work on one tenant: its connection (tenants.url), history and lock, and the tenants'"
                        + " migrations").get());
        options.addOption(Option.builder("v").longOpt("verbose").desc("show debug detail and stack traces").get());
        options.addOption(Option.builder("h").longOpt("help").desc("show help").get());
        options.addOption(Option.builder().longOpt("version").desc("show koldy's version").get());
        options.addOption(Option.builder().longOpt("no-color")
                .desc("no colours (also NO_COLOR=1; colours are only used on a terminal anyway)").get());
        return options;
    }

    Command find(String name) {
        for (Command c : commands) {
            if (c.name().equals(name) || c.aliases().contains(name)) {
                return c;
            }
        }
        throw HelpCommand.unknown(name, closest(name));
    }

    int run(String[] args, Map<String, String> environment) {
        Log log = Log.named("koldy");
        DefaultParser parser = DefaultParser.builder().get();
        CommandLine global = parse(parser, globalOptions(), args, true);
        if (global.hasOption("version")) {
            System.out.println("koldy " + Version.described());
            return 0;
        }
        List<String> rest = global.getArgList();
        if (rest.isEmpty()) {
            System.out.print(HelpCommand.general(this));
            if (global.hasOption("help")) {
                return 0;
            }
            throw KoldyException.usage("No command given.");
        }
        if (rest.get(0).startsWith("-")) {
            throw KoldyException.usage("Unknown option '" + rest.get(0) + "'. Run 'koldy help' for usage.");
        }
        Command command = find(rest.get(0));
        Options options = globalOptions();
        command.options().forEach(options::addOption);
        CommandLine line = parse(parser, options, rest.subList(1, rest.size()).toArray(String[]::new), false);
        if (global.hasOption("help") || line.hasOption("help")) {
            System.out.print(HelpCommand.forCommand(this, command));
            return 0;
        }
        String rootValue = line.getOptionValue("root", global.getOptionValue("root",
                environment.getOrDefault("KOLDY_ROOT", "")));
        Path root = Path.of(rootValue.isBlank() ? "" : rootValue).toAbsolutePath().normalize();
        if (rootValue.isBlank() && command.findsProjectRoot()) {
            root = ProjectRoot.above(root);
        }
        String configValue = line.getOptionValue("config", global.getOptionValue("config"));
        String waitValue = line.getOptionValue("wait", global.getOptionValue("wait"));
        Invocation invocation = new Invocation(root, configValue == null ? null : Path.of(configValue), line,
                environment, waitValue == null ? null : Invocation.seconds("--wait", waitValue),
                line.getOptionValue("tenant", global.getOptionValue("tenant")));
        command.check(invocation);
        boolean announces = command.announces(line);
        if (announces) {
            log.info("Started CLI script: koldy");
        }
        int code = command.run(invocation);
        if (announces) {
            log.info("Done with CLI script: koldy");
        }
        return code;
    }

    private static CommandLine parse(DefaultParser parser, Options options, String[] args, boolean stopAtCommand) {
        try {
            return parser.parse(options, args, stopAtCommand);
        } catch (org.apache.commons.cli.UnrecognizedOptionException e) {
            List<String> known = options.getOptions().stream().filter(o -> o.getLongOpt() != null)
                    .map(o -> "--" + o.getLongOpt()).toList();
            String typed = e.getOption().contains("=") ? e.getOption().substring(0, e.getOption().indexOf('='))
                    : e.getOption();
            throw KoldyException.usage("Unknown option '" + typed + "'" + koldy.util.Spelling.nearest(typed, known)
                    .map(option -> "; did you mean '" + option + "'?").orElse(".") + " Run 'koldy help' for usage.");
        } catch (ParseException e) {
            throw KoldyException.usage(e.getMessage() + ". Run 'koldy help' for usage.");
        }
    }

    /** What other migration tools call koldy's commands, for a suggestion when one is typed. */
    private static final Map<String, String> OTHER_TOOLS_NAMES = Map.of("up", "migrate", "down", "rollback",
            "info", "status", "validate", "status", "undo", "rollback");

    /** The command name nearest to a mistyped one, if any is close enough to be a likely typo. */
    private String closest(String typed) {
        if (OTHER_TOOLS_NAMES.containsKey(typed)) {
            return OTHER_TOOLS_NAMES.get(typed);
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        List<String> names = new ArrayList<>();
        for (Command c : commands) {
            names.add(c.name());
            names.addAll(c.aliases());
        }
        for (String name : names) {
            int d = koldy.util.Spelling.distance(typed, name);
            if (d < bestDistance || (name.startsWith(typed) && typed.length() >= 3)) {
                best = name;
                bestDistance = name.startsWith(typed) && typed.length() >= 3 ? 0 : d;
            }
        }
        return bestDistance <= Math.max(2, typed.length() / 3) ? best : null;
    }
}
