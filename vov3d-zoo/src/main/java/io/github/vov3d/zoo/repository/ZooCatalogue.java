package io.github.vov3d.zoo.repository;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An immutable list of {@link ZooEntry zoo entries} with unique names. {@link #builtIn()} is
 * every checkpoint of the reference README; {@link #of} and {@link #read} build others (a
 * private mirror, a test server) without touching the built-in one.
 */
public final class ZooCatalogue {
    private static final String BUILT_IN = "model-zoo/models.json";

    private final List<ZooEntry> entries;

    private ZooCatalogue(List<ZooEntry> entries) {
        Set<String> names = new HashSet<>();
        for (ZooEntry e : entries) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("duplicate model name in catalogue: " + e.name());
            }
        }
        this.entries = List.copyOf(entries);
    }

    /** @return every checkpoint of the reference README (a fresh parse of the bundled list) */
    public static ZooCatalogue builtIn() {
        try (InputStream in = ZooCatalogue.class.getModule().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN + " is missing from the vov3d-zoo jar; the build is broken");
            }
            return new ZooCatalogue(CatalogueJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BUILT_IN, e);
        }
    }

    /** @param entries the entries @return a catalogue of them */
    public static ZooCatalogue of(Collection<ZooEntry> entries) {
        return new ZooCatalogue(List.copyOf(entries));
    }

    /**
     * @param file a JSON catalogue in the bundled format (see {@code docs/zoo.md})
     * @return its entries
     * @throws IOException if unreadable
     * @throws IllegalArgumentException if malformed, naming the model and key
     */
    public static ZooCatalogue read(Path file) throws IOException {
        return new ZooCatalogue(CatalogueJson.parse(Files.readString(file), file.toString()));
    }

    /** @return the entries in catalogue order */
    public List<ZooEntry> entries() {
        return entries;
    }

    /**
     * @param name an entry name (case-insensitive, '-' and '_' alike)
     * @return the entry
     * @throws IllegalArgumentException naming the closest entries
     */
    public ZooEntry entry(String name) {
        String wanted = normalise(name);
        return entries.stream().filter(e -> normalise(e.name()).equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model named '" + name + "' in the zoo; "
                        + suggestions(wanted) + " (vov3d zoo list shows all)"));
    }

    /**
     * @param filters {@link ZooEntry#properties()} key → value
     * @return the entries that match all filters
     */
    public List<ZooEntry> find(Map<String, String> filters) {
        return entries.stream().filter(e -> e.matches(filters)).toList();
    }

    private String suggestions(String wanted) {
        String stem = wanted.split("_")[0];
        List<String> close = entries.stream().map(ZooEntry::name)
                .filter(n -> n.startsWith(stem) || wanted.startsWith(n)).limit(12).toList();
        return close.isEmpty()
                ? "known models: " + entries.stream().map(ZooEntry::name).collect(Collectors.joining(", "))
                : "did you mean one of " + String.join(", ", close) + "?";
    }

    private static String normalise(String s) {
        return s.trim().toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
