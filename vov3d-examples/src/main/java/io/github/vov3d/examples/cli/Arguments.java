package io.github.vov3d.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A parsed command line: positional words and {@code --name value} options, checked against
 * the options a command accepts so that a typo is an error rather than silently ignored.
 */
public final class Arguments {
    private final List<String> positional;
    private final Map<String, String> options;

    private Arguments(List<String> positional, Map<String, String> options) {
        this.positional = List.copyOf(positional);
        this.options = Map.copyOf(options);
    }

    /**
     * @param args the words after the command name
     * @param valued options that take a value (without the leading dashes)
     * @param flags options that take none
     * @return the parsed arguments
     * @throws UsageException on an unknown option or a missing value
     */
    public static Arguments parse(List<String> args, Set<String> valued, Set<String> flags)
            throws UsageException {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (!word.startsWith("--")) {
                positional.add(word);
                continue;
            }
            String name = word.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flags.contains(name) && value == null) {
                options.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                options.put(name, value);
            } else {
                List<String> known = new ArrayList<>(valued);
                known.addAll(flags);
                known.sort(null);
                throw new UsageException("unknown option --" + name + "; known options: --"
                        + String.join(", --", known));
            }
        }
        return new Arguments(positional, options);
    }

    /** @return the positional words */
    public List<String> positional() {
        return positional;
    }

    /** @param name option name @return its value if given */
    public Optional<String> get(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /** @param name a flag @return whether it was given */
    public boolean flag(String name) {
        return options.containsKey(name);
    }

    /**
     * @param name option name
     * @return its value
     * @throws UsageException if absent
     */
    public String require(String name) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            throw new UsageException("option --" + name + " is required");
        }
        return v;
    }

    /** @param name option name @return its value as a path @throws UsageException if absent */
    public Path requirePath(String name) throws UsageException {
        return Path.of(require(name));
    }

    /**
     * @param name option name
     * @return its positive integer value, if given
     * @throws UsageException if not a positive integer
     */
    public OptionalInt positiveInt(String name) throws UsageException {
        return intAtLeast(name, 1, "a positive integer");
    }

    /**
     * @param name option name
     * @return its integer value (0 or more), if given
     * @throws UsageException if not an integer of at least 0
     */
    public OptionalInt nonNegativeInt(String name) throws UsageException {
        return intAtLeast(name, 0, "an integer of 0 or more");
    }

    private OptionalInt intAtLeast(String name, int min, String what) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) {
                throw new NumberFormatException();
            }
            return OptionalInt.of(n);
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " needs " + what + ", got '" + v + "'");
        }
    }
}
