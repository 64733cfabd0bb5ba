package io.github.vov3d.examples.paper;

import io.github.vov3d.api.ModelArchitecture;
import io.github.vov3d.data.dataset.ClipLoader;
import io.github.vov3d.data.sampling.KineticsSampler;
import io.github.vov3d.data.sampling.SegmentSampler;
import io.github.vov3d.data.sampling.TemporalSampler;
import io.github.vov3d.data.transform.ClipTransform;
import io.github.vov3d.data.transform.Normalization;
import io.github.vov3d.zoo.repository.ChannelOrder;
import io.github.vov3d.zoo.repository.TestViews;
import io.github.vov3d.zoo.repository.ZooDataset;
import io.github.vov3d.zoo.repository.ZooEntry;
import java.util.Locale;

/**
 * How a zoo entry's clips are made, for training and for its published test: temporal
 * sampling (dense clips for Kinetics, one frame per segment for Something-Something), scale
 * jitter, crops, flips, normalisation and channel order, and the test views. One place turns a
 * catalogue row into {@link ClipLoader}s, so the paper runs and {@code vov3d classify} feed
 * networks exactly as the entry prescribes. {@link #scaled} shrinks clips for quick runs while
 * keeping every ratio (jitter 256–320 and test crop 256 for a 224 crop).
 *
 * @param frames frames per clip
 * @param samplingRate frame stride of a dense clip; 0 for segment sampling
 * @param trainCrop training crop
 * @param testCrop test crop (and test short side)
 * @param views test clips × crops
 * @param kinetics Kinetics-style spatial sampling (uniform jitter, centre single crop)
 * @param flip random horizontal flips in training
 * @param normalization mean, std and channel order
 */
public record ClipProtocol(int frames, int samplingRate, int trainCrop, int testCrop, TestViews views,
        boolean kinetics, boolean flip, Normalization normalization) {

    /** Validates the sizes. */
    public ClipProtocol {
        if (frames < 1 || samplingRate < 0 || trainCrop < 1 || testCrop < trainCrop) {
            throw new IllegalArgumentException("need frames >= 1, sampling rate >= 0, 1 <= train crop <= test crop");
        }
        if (views.crops() != 1 && views.crops() != 3) {
            throw new IllegalArgumentException("test views need 1 or 3 crops, got " + views);
        }
    }

    /**
     * @param entry a zoo entry
     * @return its protocol; the X3D-L Something-Something configs train with flips (see the entry's note)
     */
    public static ClipProtocol of(ZooEntry entry) {
        boolean kinetics = entry.dataset() == ZooDataset.KINETICS_400;
        boolean flip = kinetics || entry.architecture() == ModelArchitecture.X3D_L;
        float m = entry.mean();
        float s = entry.std();
        Normalization n = new Normalization(new float[] {m, m, m}, new float[] {s, s, s},
                entry.channelOrder() == ChannelOrder.BGR);
        return new ClipProtocol(entry.frames(), entry.samplingRate(), entry.trainCrop(), entry.testCrop(),
                entry.views(), kinetics, flip, n);
    }

    /**
     * @param newFrames frames per clip
     * @param newTrainCrop training crop; the test crop keeps its ratio to it
     * @return this protocol at another size
     */
    public ClipProtocol scaled(int newFrames, int newTrainCrop) {
        int test = Math.max(newTrainCrop, Math.round((float) newTrainCrop * testCrop / trainCrop));
        return new ClipProtocol(newFrames, samplingRate, newTrainCrop, test, views, kinetics, flip, normalization);
    }

    /** @param v test views @return this protocol with other test views */
    public ClipProtocol withViews(TestViews v) {
        return new ClipProtocol(frames, samplingRate, trainCrop, testCrop, v, kinetics, flip, normalization);
    }

    /** @return the temporal sampler (dense clips at 30 fps, or segments) */
    public TemporalSampler sampler() {
        return samplingRate > 0 ? new KineticsSampler(frames, samplingRate, 30) : new SegmentSampler(frames);
    }

    /** @return the training loader: short side jittered in [256, 320] × crop/224, random crop */
    public ClipLoader trainLoader() {
        ClipTransform t = ClipTransform.training()
                .jitter(Math.round(trainCrop * 256f / 224), Math.round(trainCrop * 320f / 224))
                .inverseUniform(!kinetics).crop(trainCrop).flip(flip).normalization(normalization).build();
        return ClipLoader.builder().sampler(sampler()).transform(t).build();
    }

    /** @return the test loader: short side = test crop, crops along the long side */
    public ClipLoader testLoader() {
        ClipTransform t = ClipTransform.testing().testScale(testCrop).crop(testCrop)
                .singleCropCentre(kinetics).normalization(normalization).build();
        return ClipLoader.builder().sampler(sampler()).transform(t).build();
    }

    /** @return e.g. {@code 16 frames (every 5th), train crop 224, test 10x3 views at 256} */
    public String describe() {
        return String.format(Locale.ROOT, "%d frames (%s), train crop %d, test %s views at %d%s", frames,
                samplingRate > 0 ? "every " + samplingRate + "th" : "one per segment", trainCrop, views, testCrop,
                normalization.bgr() ? ", BGR" : "");
    }
}
