package io.github.vov3d.train.report;

import java.util.Properties;

/**
 * Makes chart rendering work on machines without a display.
 *
 * <p>Training runs on servers where a stale {@code DISPLAY} can make AWT try to reach an X server
 * and fail. Before the first chart is drawn, {@code java.awt.headless} is set to {@code true}, but
 * only when nobody has set it: an explicit {@code -Djava.awt.headless=false} (an application with a
 * GUI) is respected. Note the property is JVM-wide and AWT reads it once, at its first use.
 */
final class Headless {

    static final String PROPERTY = "java.awt.headless";

    private Headless() {
    }

    /** Applies the rule to the JVM's system properties. */
    static void ensure() {
        ensure(System.getProperties());
    }

    /**
     * Applies the rule to the given properties.
     *
     * @return whether the property was set by this call
     */
    static boolean ensure(Properties properties) {
        synchronized (properties) {
            if (properties.getProperty(PROPERTY) != null) {
                return false;
            }
            properties.setProperty(PROPERTY, "true");
            return true;
        }
    }
}
