package io.github.vov3d.data.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CropPropertiesTest {

    @Property
    void randomCropsAreInsideAndTheRightSize(@ForAll @IntRange(min = 1, max = 800) int w,
            @ForAll @IntRange(min = 1, max = 800) int h, @ForAll @IntRange(min = 1, max = 400) int size,
            @ForAll long seed) {
        Assume.that(size <= w && size <= h);
        CropBox c = CropBox.random(w, h, size, new Random(seed));
        assertInside(c, w, h, size);
        assertTrue(w == size || c.x() < w - size, "the last offset is never chosen, as upstream");
    }

    @Property
    void uniformCropsAreInsideAndTheRightSize(@ForAll @IntRange(min = 1, max = 800) int w,
            @ForAll @IntRange(min = 1, max = 800) int h, @ForAll @IntRange(min = 1, max = 400) int size,
            @ForAll @IntRange(min = 0, max = 2) int index) {
        Assume.that(size <= w && size <= h);
        CropBox c = CropBox.uniform(w, h, size, index);
        assertInside(c, w, h, size);
    }

    @Property
    void trainingPlansStayInsideTheResizedFrame(@ForAll @IntRange(min = 32, max = 1000) int w,
            @ForAll @IntRange(min = 32, max = 1000) int h, @ForAll long seed, @ForAll boolean inverse) {
        ClipTransform t = ClipTransform.training().jitter(256, 320).crop(224).inverseUniform(inverse).build();
        SpatialPlan p = t.plan(w, h, new Random(seed), 0, 1);
        assertTrue(p.shortSide() >= 256 && p.shortSide() <= 320);
        assertEquals(p.shortSide(), Math.min(p.resizedWidth(), p.resizedHeight()));
        assertInside(p.crop(), p.resizedWidth(), p.resizedHeight(), 224);
    }

    @Test
    void threeCropsRunAlongTheLongSide() {
        assertEquals(new CropBox(0, 0, 256, 256), CropBox.uniform(341, 256, 256, 0));
        assertEquals(new CropBox(43, 0, 256, 256), CropBox.uniform(341, 256, 256, 1));
        assertEquals(new CropBox(85, 0, 256, 256), CropBox.uniform(341, 256, 256, 2));
        assertEquals(new CropBox(0, 85, 256, 256), CropBox.uniform(256, 341, 256, 2));
    }

    private static void assertInside(CropBox c, int w, int h, int size) {
        assertEquals(size, c.width());
        assertEquals(size, c.height());
        assertTrue(c.x() >= 0 && c.y() >= 0 && c.x() + size <= w && c.y() + size <= h, c + " in " + w + "x" + h);
    }
}
