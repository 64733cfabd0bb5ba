package io.github.vov3d.examples.paper;

import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.data.dataset.DatasetLayout;
import io.github.vov3d.train.Recipe;
import io.github.vov3d.zoo.repository.ZooCatalogue;
import io.github.vov3d.zoo.repository.ZooDataset;
import io.github.vov3d.zoo.repository.ZooEntry;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the paper's result tables, derived from its model-zoo entry so that the
 * architecture, data set, clip length, pre-training, test views and published accuracy are
 * written down once (in the catalogue) and the experiment cannot drift from the checkpoint it
 * reproduces. Adds what the catalogue does not say: which reference config's recipe trains it
 * and where a fine-tuned row starts from.
 *
 * @param entry the zoo entry of the row
 * @param pretrainedEntry for a row fine-tuned from Kinetics-400, the K400 entry of the same
 *     architecture that the run starts from
 */
public record PaperExperiment(ZooEntry entry, Optional<String> pretrainedEntry) {

    /** Checks that a fine-tuned row names its starting point. */
    public PaperExperiment {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(pretrainedEntry, "pretrainedEntry");
        if (entry.pretrainedOn().isPresent() != pretrainedEntry.isPresent()) {
            throw new IllegalArgumentException(entry.name() + ": a fine-tuned row needs a pre-trained entry "
                    + "and a row from scratch none");
        }
    }

    /**
     * @param entry a zoo entry
     * @param catalogue where the K400 starting point of a fine-tuned row is looked up
     * @return the experiment of that row
     */
    public static PaperExperiment of(ZooEntry entry, ZooCatalogue catalogue) {
        Optional<String> start = Optional.empty();
        if (entry.pretrainedOn().isPresent()) {
            start = catalogue.find(Map.of("architecture", entry.architecture().id(),
                    "dataset", entry.pretrainedOn().get().id(), "pretrained", "none"))
                    .stream().map(ZooEntry::name).findFirst();
            if (start.isEmpty()) {
                throw new IllegalArgumentException(entry.name() + ": the catalogue has no "
                        + entry.pretrainedOn().get().id() + " entry of " + entry.architecture().id() + " to start from");
            }
        }
        return new PaperExperiment(entry, start);
    }

    /** @return the row's name, the zoo entry's (e.g. {@code vov3d_l_ssv2_f32_k400}) */
    public String name() {
        return entry.name();
    }

    /** @return the network */
    public ModelArchitecture architecture() {
        return entry.architecture();
    }

    /** @return whether the row is fine-tuned from a Kinetics-400 checkpoint */
    public boolean finetuned() {
        return pretrainedEntry.isPresent();
    }

    /** @return the dataset layout the row trains on */
    public DatasetLayout layout() {
        return switch (entry.dataset()) {
            case KINETICS_400 -> DatasetLayout.KINETICS;
            case SOMETHING_SOMETHING_V1 -> DatasetLayout.SSV1;
            case SOMETHING_SOMETHING_V2 -> DatasetLayout.SSV2;
        };
    }

    /**
     * The recipe of the row's reference config (K400 from scratch, Something-Something from
     * scratch, or Something-Something fine-tuned from K400) with the row's clip length, crop and
     * test views.
     *
     * @return the recipe
     */
    public Recipe recipe() {
        Recipe base = entry.dataset() == ZooDataset.KINETICS_400 ? Recipe.kineticsScratch()
                : finetuned() ? Recipe.somethingSomethingFinetune() : Recipe.somethingSomethingScratch();
        return base.toBuilder().frames(entry.frames()).trainCrop(entry.trainCrop())
                .testViews(entry.views().clips(), entry.views().crops()).build();
    }

    /** @return a one-line title, e.g. {@code VoV3D-L on Something-Something V2, 32 frames, from K400} */
    public String title() {
        String arch = entry.architecture().id().toUpperCase(Locale.ROOT).replace("VOV3D", "VoV3D")
                .replace('_', '-');
        return String.format(Locale.ROOT, "%s on %s, %d frames%s", arch, entry.dataset().title(), entry.frames(),
                finetuned() ? ", fine-tuned from K400" : "");
    }
}
