package io.github.vov3d.examples.miniature;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One generated video, described analytically: a noisy background, a static darker distractor
 * square and a brighter object square whose position, size and presence change over time
 * according to the class. Everything is drawn from {@code (seed, index)} alone, so any video can be regenerated
 * on demand, in any order, on any machine.
 *
 * <p>Start position, size, colours, speed and a slow random drift are random, and sizes of all
 * classes overlap, so a single frame does not tell the class; every class played backwards is
 * another class ({@link Motion#reversed()}).
 *
 * @param label the class
 * @param background background colour
 * @param objectColour colour of the object that carries the class
 * @param distractor a static square that carries no information
 * @param distractorColour its colour
 * @param start the object at video frame 0
 * @param velocityX horizontal pixels per frame
 * @param velocityY vertical pixels per frame
 * @param endSize the object's size at the last video frame (linear in between)
 * @param switchFrame first frame with (appearing) or without (disappearing) the object
 * @param videoFrames frames of the video
 * @param noiseSeed seed of the per-view pixel noise
 */
public record MotionScene(Motion label, Rgb background, Rgb objectColour, Square distractor,
        Rgb distractorColour, Square start, double velocityX, double velocityY, double endSize,
        int switchFrame, int videoFrames, long noiseSeed) {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /**
     * Draws video {@code index} of the family {@code seed}. Labels cycle through the classes, so
     * any run of 8 consecutive indices is balanced.
     *
     * @param seed the dataset's seed
     * @param index the video's index
     * @param g video and clip sizes
     * @return the scene
     */
    public static MotionScene generate(long seed, long index, ClipGeometry g) {
        SplittableRandom r = new SplittableRandom(seed * GOLDEN + index);
        Motion label = Motion.values()[(int) Math.floorMod(index, (long) Motion.values().length)];
        double u = g.crop() / 32.0;
        int size = g.videoSize();
        int frames = g.videoFrames();
        Rgb background = Rgb.random(r, 0.5);
        double distractorSize = r.nextDouble(3, 8) * u;
        Square distractor = new Square(r.nextDouble(distractorSize / 2, size - distractorSize / 2),
                r.nextDouble(distractorSize / 2, size - distractorSize / 2), distractorSize);
        double driftX = r.nextDouble(-0.3, 0.3) * u;
        double driftY = r.nextDouble(-0.3, 0.3) * u;
        double speed = r.nextDouble(0.6, 1.2) * u;
        double startSize = r.nextDouble(4, 11) * u;
        double endSize = startSize;
        double vx = driftX;
        double vy = driftY;
        int switchFrame = 0;
        switch (label) {
            case MOVING_LEFT -> vx = -speed;
            case MOVING_RIGHT -> vx = speed;
            case MOVING_UP -> vy = -speed;
            case MOVING_DOWN -> vy = speed;
            case APPROACHING, RECEDING -> {
                double small = r.nextDouble(4.5, 6.5) * u;
                double large = r.nextDouble(8.5, 11) * u;
                startSize = label == Motion.APPROACHING ? small : large;
                endSize = label == Motion.APPROACHING ? large : small;
            }
            case APPEARING, DISAPPEARING ->
                // every clip (start 0..extraFrames) sees frames on both sides of the switch
                switchFrame = r.nextInt(g.extraFrames() + 1, g.frames());
        }
        double largest = Math.max(startSize, endSize);
        double x0 = centre(r, size, largest, vx * (frames - 1));
        double y0 = centre(r, size, largest, vy * (frames - 1));
        return new MotionScene(label, background, background.contrasting(r, 1), distractor,
                background.contrasting(r, -1), new Square(x0, y0, startSize), vx, vy, endSize,
                switchFrame, frames, r.nextLong());
    }

    /** A start coordinate keeping the whole trajectory inside the frame (centred if impossible). */
    private static double centre(SplittableRandom r, int size, double objectSize, double travel) {
        double lo = objectSize / 2 + Math.max(0, -travel);
        double hi = size - objectSize / 2 - Math.max(0, travel);
        return hi > lo ? r.nextDouble(lo, hi) : (lo + hi) / 2;
    }

    /**
     * @param frame a video frame index
     * @return the object in that frame, or empty where it is absent
     */
    public Optional<Square> objectAt(int frame) {
        boolean present = switch (label) {
            case APPEARING -> frame >= switchFrame;
            case DISAPPEARING -> frame < switchFrame;
            default -> true;
        };
        if (!present) {
            return Optional.empty();
        }
        double f = videoFrames == 1 ? 0 : (double) frame / (videoFrames - 1);
        return Optional.of(new Square(start.centreX() + velocityX * frame, start.centreY() + velocityY * frame,
                start.size() + (endSize - start.size()) * f));
    }

    /**
     * @param view which clip
     * @return the source of that clip's pixel noise, fixed by (scene, view)
     */
    SplittableRandom noiseFor(ClipView view) {
        return new SplittableRandom(noiseSeed + GOLDEN * (1 + view.hashCode()));
    }

    /** @return the source of this video's training jitter (where its one training clip lies) */
    SplittableRandom jitter() {
        return new SplittableRandom(~noiseSeed);
    }
}
