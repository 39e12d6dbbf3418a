package koldy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import koldy.KoldyException;

final class HelpCommand implements Command {

    private final CommandLineInterface cli;

    HelpCommand(CommandLineInterface cli) {
        this.cli = cli;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String synopsis() {
        return "help [command]";
    }

    @Override
    public String summary() {
        return "show this help, or a command's help with examples";
    }

    @Override
    public String details() {
        return "Example:\n  koldy help migrate";
    }

    @Override
    public List<Option> options() {
        return List.of();
    }

    @Override
    public boolean announces(org.apache.commons.cli.CommandLine line) {
        return false;
    }

    /** Its arguments are checked as it runs. */
    @Override
    public void check(Invocation invocation) {
    }

    @Override
    public int run(Invocation invocation) {
        List<String> args = invocation.arguments();
        if (args.isEmpty()) {
            System.out.print(general(cli));
        } else {
            System.out.print(forCommand(cli, cli.find(args.get(0))));
        }
        return 0;
    }

    static String general(CommandLineInterface cli) {
        StringBuilder out = new StringBuilder();
        out.append("koldy ").append(koldy.load.Version.described())
                .append(" - raw-SQL, timestamp-ordered database migrations\n\n")
                .append("Usage: koldy [--root DIR] [--config FILE] [-v] [--no-color] <command> [options]\n\nCommands:\n");
        for (Command c : cli.commands()) {
            String names = c.synopsis() + (c.aliases().isEmpty() ? "" : "  (alias: " + String.join(", ", c.aliases())
                    + ")");
            // the synopsis on a line of its own, the summary under it: long synopses stay aligned
            out.append("  ").append(names).append("\n      ").append(c.summary()).append('\n');
        }
        out.append("\nGlobal options:\n").append(optionsText(cli.globalOptions()))
                .append("""

                Configuration: configs/database.properties under the project root; any key can be
                overridden by KOLDY_<KEY> (e.g. KOLDY_DEFAULT_URL).

                Exit codes: 0 done or nothing to do, 1 a migration failed, 2 usage, configuration,
                compile or connection error, 3 refused for safety (out of order, changed or missing
                file, lock not taken in time).

                Run 'koldy help <command>' for a command's details and examples.
                """);
        return out.toString();
    }

    static String forCommand(CommandLineInterface cli, Command command) {
        StringBuilder out = new StringBuilder();
        out.append("Usage: koldy ").append(command.synopsis()).append("\n\n")
                .append(Character.toUpperCase(command.summary().charAt(0))).append(command.summary().substring(1))
                .append(".\n\n").append(command.details()).append("\n");
        if (!command.options().isEmpty()) {
            Options options = new Options();
            command.options().forEach(options::addOption);
            out.append("\nOptions:\n").append(optionsText(options));
        }
        return out.toString();
    }

    private static String optionsText(Options options) {
        StringWriter text = new StringWriter();
        HelpFormatter formatter = HelpFormatter.builder().get();
        formatter.printOptions(new PrintWriter(text), 100, options, 2, 3);
        String shown = text.toString();
        // An optional value is written --force[=true|false], not as if it were required (same width).
        for (org.apache.commons.cli.Option option : options.getOptions()) {
            if (option.hasOptionalArg() && option.getLongOpt() != null) {
                shown = shown.replace("--" + option.getLongOpt() + " <" + option.getArgName() + ">",
                        "--" + option.getLongOpt() + "[=" + option.getArgName() + "]");
            }
        }
        return shown;
    }

    static KoldyException unknown(String name, String suggestion) {
        return KoldyException.usage("Unknown command '" + name + "'."
                + (suggestion == null ? "" : " Did you mean '" + suggestion + "'?") + " Run 'koldy help' for the list.");
    }
}
