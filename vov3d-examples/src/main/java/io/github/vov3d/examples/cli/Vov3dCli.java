package io.github.vov3d.examples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the {@code vov3d} tool ({@code vov3d-examples/bin/vov3d}). Dispatches to a
 * sub-command and turns failures into one clear line on standard error and an exit status:
 * 0 success, 1 the work failed (bad file, mismatched checkpoint…), 2 the command line is wrong.
 */
public final class Vov3dCli {
    private final Map<String, Command> commands = new LinkedHashMap<>();

    /** Creates the tool with every sub-command. */
    public Vov3dCli() {
        for (Command c : List.of(new MiniatureCommand(), new InfoCommand(), new PredictCommand(), new DataCommand(), new BenchDataCommand(), new ZooCommand(), new BenchCommand(), new TrainCommand(), new TestCommand(), new ClassifyCommand())) {
            commands.put(c.name(), c);
        }
    }

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(new Vov3dCli().run(args, System.out, System.err));
    }

    /**
     * Runs one command line; never calls {@code System.exit}, so tests can call it.
     *
     * @param args the command line
     * @param out standard output
     * @param err standard error
     * @return the exit status
     */
    public int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.println(overview());
            return args.length == 0 ? 2 : 0;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println("error: unknown command '" + args[0] + "'");
            err.println(overview());
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help")) {
            out.println(command.usage());
            return 0;
        }
        try {
            command.run(rest, out);
            return 0;
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(command.usage());
            return 2;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("error: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private String overview() {
        StringBuilder s = new StringBuilder("usage: vov3d <command> [options]   (vov3d <command> --help)\n\ncommands:\n");
        for (Command c : commands.values()) {
            s.append("  ").append(c.usage().lines().findFirst().orElse(c.name())).append('\n');
        }
        return s.toString();
    }
}
