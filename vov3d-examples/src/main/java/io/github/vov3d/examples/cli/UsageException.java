package io.github.vov3d.examples.cli;

/**
 * The command line itself is wrong (unknown command or option, missing or malformed value).
 * The tool prints the message and the command's usage and exits with status 2.
 */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the command line */
    public UsageException(String message) {
        super(message);
    }
}
