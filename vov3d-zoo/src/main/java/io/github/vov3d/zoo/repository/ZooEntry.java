package io.github.vov3d.zoo.repository;

import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.zoo.fetch.FetchRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One published checkpoint: what network it is, what it was trained and tested on, what the
 * paper reports for it, and where its weights are. Everything a user needs to pick a model and
 * feed it correctly, and everything the loader needs to check that the file is what the entry
 * says.
 *
 * @param name unique name, e.g. {@code vov3d_l_ssv2_f32_k400}
 * @param architecture the architecture the entry is listed as
 * @param acceptedArchitectures every architecture the file may turn out to be (the two
 *     VoV3D-M variants share published URLs); the loader identifies it from tensor shapes
 * @param dataset the data set of the classifier
 * @param pretrainedOn the data set the network was pre-trained on before fine-tuning, if any
 * @param frames frames per clip (the head's temporal pool)
 * @param samplingRate frame stride of a dense clip; 0 for segment sampling (one frame per equal
 *     segment of the whole video)
 * @param trainCrop training crop (the head's spatial pool)
 * @param testCrop the crop of the published test protocol
 * @param views the published test protocol's clips × crops
 * @param channelOrder the channel order the network expects
 * @param mean per-channel mean subtracted after scaling pixels to [0, 1]
 * @param std per-channel standard deviation divided by after that
 * @param paper the published accuracy and size
 * @param source where the weights are published (never re-hosted)
 * @param fileName the file name in the cache
 * @param licence the weights' licence
 * @param sha256 the SHA-256 of the file when known; otherwise it is recorded on first fetch
 * @param note anything a user should know (variants, caveats)
 */
public record ZooEntry(
        String name,
        ModelArchitecture architecture,
        List<ModelArchitecture> acceptedArchitectures,
        ZooDataset dataset,
        Optional<ZooDataset> pretrainedOn,
        int frames,
        int samplingRate,
        int trainCrop,
        int testCrop,
        TestViews views,
        ChannelOrder channelOrder,
        float mean,
        float std,
        PaperNumbers paper,
        URI source,
        String fileName,
        String licence,
        Optional<String> sha256,
        String note) {

    /** The licence of the reference code and weights. */
    public static final String REFERENCE_LICENCE =
            "CC BY-NC 4.0 (non-commercial; weights are fetched from the authors' URL, not re-hosted)";

    /** Validates the entry, so a broken catalogue fails when loaded, not when used. */
    public ZooEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(views, "views");
        Objects.requireNonNull(channelOrder, "channelOrder");
        Objects.requireNonNull(paper, "paper");
        Objects.requireNonNull(licence, "licence");
        note = note == null ? "" : note;
        acceptedArchitectures = List.copyOf(acceptedArchitectures);
        if (!acceptedArchitectures.contains(architecture)) {
            throw new IllegalArgumentException(name + ": accepted architectures must include " + architecture);
        }
        if (frames < 1 || samplingRate < 0 || trainCrop < 32 || testCrop < trainCrop) {
            throw new IllegalArgumentException(name + ": need frames >= 1, sampling rate >= 0 and "
                    + "32 <= train crop <= test crop");
        }
        if (!(std > 0)) {
            throw new IllegalArgumentException(name + ": std must be positive");
        }
        // the request validates name, URL, file name and digest
        new FetchRequest(name, source, fileName, sha256);
    }

    /** @return the class count, the data set's */
    public int numClasses() {
        return dataset.numClasses();
    }

    /** @return one name per class index (see {@link ZooDataset#classNames()}) */
    public List<String> classNames() {
        return dataset.classNames();
    }

    /** @return how frames are sampled, in words */
    public String sampling() {
        return samplingRate > 0
                ? frames + " frames, every " + samplingRate + "th (dense clip)"
                : frames + " frames, one per equal segment of the whole video";
    }

    /** @return the fetch request for this entry's weights */
    public FetchRequest fetchRequest() {
        return new FetchRequest(name, source, fileName, sha256);
    }

    /**
     * The values DJL's {@code Criteria.optFilter} matches: {@code name}, {@code architecture},
     * {@code dataset}, {@code frames}, {@code pretrained} ({@code none} or a data-set id).
     *
     * @return filter key → value
     */
    public Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("architecture", architecture.id());
        p.put("dataset", dataset.id());
        p.put("frames", Integer.toString(frames));
        p.put("pretrained", pretrainedOn.map(ZooDataset::id).orElse("none"));
        return p;
    }

    /**
     * @param filters key → wanted value (case-insensitive); unknown keys never match
     * @return whether every filter matches
     */
    public boolean matches(Map<String, String> filters) {
        Map<String, String> p = properties();
        return filters.entrySet().stream().allMatch(f -> {
            String v = p.get(f.getKey());
            return v != null && v.equalsIgnoreCase(f.getValue().trim());
        });
    }

    /**
     * @param name unique entry name
     * @param architecture the architecture
     * @param dataset the classifier's data set
     * @return a builder with the reference recipe's defaults for that data set
     */
    public static Builder builder(String name, ModelArchitecture architecture, ZooDataset dataset) {
        return new Builder(name, architecture, dataset);
    }

    /** Fluent construction with the reference recipe's defaults; validated by {@link #build()}. */
    public static final class Builder {
        private final String name;
        private final ModelArchitecture architecture;
        private final ZooDataset dataset;
        private final List<ModelArchitecture> accepted = new ArrayList<>();
        private ZooDataset pretrainedOn;
        private int frames = 16;
        private int samplingRate;
        private int trainCrop = 224;
        private int testCrop = 256;
        private TestViews views;
        private ChannelOrder channelOrder = ChannelOrder.RGB;
        private float mean = 0.45f;
        private float std = 0.225f;
        private PaperNumbers paper;
        private URI source;
        private String fileName;
        private String licence = REFERENCE_LICENCE;
        private String sha256;
        private String note = "";

        private Builder(String name, ModelArchitecture architecture, ZooDataset dataset) {
            this.name = name;
            this.architecture = architecture;
            this.dataset = dataset;
            boolean kinetics = dataset == ZooDataset.KINETICS_400;
            this.samplingRate = kinetics ? 5 : 0;
            this.views = kinetics ? new TestViews(10, 3) : new TestViews(2, 3);
        }

        /** @param also another architecture the file may be @return this */
        public Builder alsoAccept(ModelArchitecture also) {
            accepted.add(also);
            return this;
        }

        /** @param d the pre-training data set @return this */
        public Builder pretrainedOn(ZooDataset d) {
            this.pretrainedOn = d;
            return this;
        }

        /** @param t frames per clip @param rate dense stride, 0 for segments @return this */
        public Builder frames(int t, int rate) {
            this.frames = t;
            this.samplingRate = rate;
            return this;
        }

        /** @param train training crop @param test test crop @return this */
        public Builder crops(int train, int test) {
            this.trainCrop = train;
            this.testCrop = test;
            return this;
        }

        /** @param v the test protocol @return this */
        public Builder views(TestViews v) {
            this.views = v;
            return this;
        }

        /** @param order the channel order @return this */
        public Builder channelOrder(ChannelOrder order) {
            this.channelOrder = order;
            return this;
        }

        /** @param m mean @param s standard deviation @return this */
        public Builder normalisation(float m, float s) {
            this.mean = m;
            this.std = s;
            return this;
        }

        /** @param p the published numbers @return this */
        public Builder paper(PaperNumbers p) {
            this.paper = p;
            return this;
        }

        /**
         * @param url the published URL, a {@code file:} URL or a local path
         * @return this; the file name defaults to the URL's last path element
         */
        public Builder source(String url) {
            this.source = FetchRequest.toUri(url);
            if (fileName == null) {
                String path = source.getPath();
                fileName = path.substring(path.lastIndexOf('/') + 1);
            }
            return this;
        }

        /** @param f the file name in the cache @return this */
        public Builder fileName(String f) {
            this.fileName = f;
            return this;
        }

        /** @param l the licence @return this */
        public Builder licence(String l) {
            this.licence = l;
            return this;
        }

        /** @param hex the SHA-256, or {@code null} for trust on first use @return this */
        public Builder sha256(String hex) {
            this.sha256 = hex == null ? null : hex.toLowerCase(Locale.ROOT);
            return this;
        }

        /** @param n a note for users @return this */
        public Builder note(String n) {
            this.note = n;
            return this;
        }

        /** @return the entry @throws IllegalArgumentException if something is missing or invalid */
        public ZooEntry build() {
            if (paper == null || source == null) {
                throw new IllegalArgumentException(name + ": paper numbers and source are required");
            }
            List<ModelArchitecture> all = new ArrayList<>(List.of(architecture));
            accepted.stream().filter(a -> !all.contains(a)).forEach(all::add);
            return new ZooEntry(name, architecture, all, dataset, Optional.ofNullable(pretrainedOn),
                    frames, samplingRate, trainCrop, testCrop, views, channelOrder, mean, std, paper,
                    source, fileName, licence, Optional.ofNullable(sha256), note);
        }
    }
}
