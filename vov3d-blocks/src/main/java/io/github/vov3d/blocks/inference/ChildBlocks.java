package io.github.vov3d.blocks.inference;

import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A block's direct children by their reference names ({@code a.0}, {@code b_bn}, …), with the
 * two-digit position prefix DJL adds removed, so the compiler can read any of this library's
 * blocks without private accessors.
 */
final class ChildBlocks {
    private final String owner;
    private final Map<String, Block> children;

    private ChildBlocks(String owner, Map<String, Block> children) {
        this.owner = owner;
        this.children = children;
    }

    static ChildBlocks of(Block block) {
        Map<String, Block> map = new LinkedHashMap<>();
        int position = 1;
        for (Pair<String, Block> child : block.getChildren()) {
            String number = String.format(Locale.ROOT, "%02d", position++);
            String key = child.getKey();
            map.put(key.startsWith(number) ? key.substring(number.length()) : key, child.getValue());
        }
        return new ChildBlocks(block.getClass().getSimpleName(), map);
    }

    /**
     * @param name reference name
     * @return the child
     * @throws NotCompilableException if absent
     */
    Block get(String name) {
        Block b = children.get(name);
        if (b == null) {
            throw new NotCompilableException(owner + " has no child '" + name + "'");
        }
        return b;
    }

    Optional<Block> find(String name) {
        return Optional.ofNullable(children.get(name));
    }
}
