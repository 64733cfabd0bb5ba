package io.github.vov3d.examples.cli;

import java.io.PrintStream;
import java.util.List;

/** One sub-command of the {@code vov3d} tool. */
public interface Command {
    /** @return the word that selects it, e.g. {@code info} */
    String name();

    /** @return a one-line description and the usage lines */
    String usage();

    /**
     * @param args the words after the command name
     * @param out where results go
     * @throws UsageException if the command line is wrong
     * @throws Exception if the work fails (the message is shown to the user)
     */
    void run(List<String> args, PrintStream out) throws Exception;
}
