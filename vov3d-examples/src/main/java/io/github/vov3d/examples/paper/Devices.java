package io.github.vov3d.examples.paper;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * The device choice of the paper runs: the GPU whenever the engine has one (the Maven
 * {@code gpu} profile swaps the bundled CPU libtorch for a CUDA one), the CPU otherwise.
 */
public final class Devices {
    private Devices() {}

    /** @return the first GPU if the engine sees one, else the CPU */
    public static Device preferred() {
        return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /**
     * @param name {@code cpu}, {@code gpu} or {@code gpu:N}
     * @return the device
     * @throws IllegalArgumentException for another name, or a GPU the engine does not see
     */
    public static Device parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.equals("gpu") || n.startsWith("gpu:")) {
            int id = n.equals("gpu") ? 0 : Integer.parseInt(n.substring(4));
            int gpus = Engine.getInstance().getGpuCount();
            if (id >= gpus) {
                throw new IllegalArgumentException("--device " + name + ": the engine sees " + gpus + " GPU(s); "
                        + "build with the Maven gpu profile (-Pgpu) on a CUDA machine, or use --device cpu");
            }
            return Device.gpu(id);
        }
        throw new IllegalArgumentException("unknown device '" + name + "'; use cpu, gpu or gpu:N");
    }
}
