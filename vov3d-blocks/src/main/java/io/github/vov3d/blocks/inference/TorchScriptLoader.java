package io.github.vov3d.blocks.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loads generated {@link TorchScriptArchive}s with DJL's PyTorch engine: each is written to a
 * private temporary directory (so no other user of a shared {@code /tmp} can swap the file
 * between writing and loading), loaded as a {@link Model}, and the files are deleted again —
 * libtorch keeps the module in memory.
 */
final class TorchScriptLoader {
    /** The engine the archives are for. */
    static final String ENGINE = "PyTorch";

    private TorchScriptLoader() {}

    /**
     * @param device where the modules run (a CPU)
     * @param archives the modules to load
     * @return the loaded modules, in the archives' order; the caller closes them
     * @throws IOException if an archive cannot be written
     * @throws MalformedModelException if the engine refuses an archive (e.g. an operator this
     *     libtorch does not have, or source it cannot compile)
     * @throws ai.djl.engine.EngineException if the PyTorch engine is not available
     */
    static List<Model> load(Device device, List<TorchScriptArchive> archives)
            throws IOException, MalformedModelException {
        Path dir = Files.createTempDirectory("vov3d-torchscript");
        List<Model> loaded = new ArrayList<>();
        try {
            for (TorchScriptArchive archive : archives) {
                String name = archive.className().toLowerCase(Locale.ROOT);
                archive.write(dir.resolve(name + ".pt"));
                Model model = Model.newInstance("vov3d-" + name, device, ENGINE);
                loaded.add(model);
                model.load(dir, name);
            }
            return loaded;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            loaded.forEach(Model::close);
            throw e;
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(paths::add);
        } catch (IOException e) {
            // listing failed: fall through and try the directory itself
        }
        paths.add(dir);
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                p.toFile().deleteOnExit();
            }
        }
    }
}
