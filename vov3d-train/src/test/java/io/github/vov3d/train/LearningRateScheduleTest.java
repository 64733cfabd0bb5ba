package io.github.vov3d.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void kineticsScheduleFollowsTheReferenceFormula() {
        Recipe r = Recipe.kineticsScratch();
        LearningRateSchedule s = new LearningRateSchedule(r, 128);
        assertEquals(0.01, s.at(0), 1e-12);
        double atWarmupEnd = (1 + Math.cos(Math.PI * 35 / 256)) / 2 * 0.1;
        assertEquals(0.01 + (atWarmupEnd - 0.01) * 10 / 35, s.at(10), 1e-12);
        assertEquals(atWarmupEnd, s.at(35), 1e-12);
        assertEquals((1 + Math.cos(Math.PI * 100 / 256)) / 2 * 0.1, s.at(100), 1e-12);
        assertEquals(0, s.at(256), 1e-12);
        // iteration 37 of 500 in epoch 40
        double e = 40 + 37 / 500.0;
        assertEquals((1 + Math.cos(Math.PI * e / 256)) / 2 * 0.1, s.at(e), 1e-12);
    }

    @Test
    void learningRateScalesLinearlyWithTheGlobalBatch() {
        Recipe r = Recipe.somethingSomethingScratch();
        LearningRateSchedule reference = new LearningRateSchedule(r, 64);
        LearningRateSchedule small = new LearningRateSchedule(r, 8);
        for (double e : new double[] {0, 0.5, 1, 30, 99.9}) {
            assertEquals(reference.at(e) / 8, small.at(e), 1e-15);
        }
    }

    @Test
    void finetuneStepsAndShortWarmup() {
        LearningRateSchedule s = new LearningRateSchedule(Recipe.somethingSomethingFinetune(), 64);
        assertEquals(1e-4, s.at(0), 1e-15);
        assertEquals(1e-4 + (0.05 - 1e-4) * 0.1 / 0.19, s.at(0.1), 1e-12);
        assertEquals(0.05, s.at(10), 1e-12);
        assertEquals(0.005, s.at(35), 1e-12);
        assertEquals(0.0005, s.at(47), 1e-12);
    }

    @Property
    void cosineNeverIncreasesAfterWarmup(@ForAll @DoubleRange(min = 35, max = 255) double a,
            @ForAll @DoubleRange(min = 0, max = 1) double delta) {
        LearningRateSchedule s = new LearningRateSchedule(Recipe.kineticsScratch(), 128);
        assertEquals(true, s.at(Math.min(256, a + delta)) <= s.at(a) + 1e-15);
    }

    @Test
    void invalidRecipesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Recipe.kineticsScratch().toBuilder().epochs(0).build());
        assertThrows(IllegalArgumentException.class, () -> Recipe.kineticsScratch().toBuilder()
                .policy(LrPolicy.STEPS).steps(List.of(1.0), List.of(1.0)).build());
        assertThrows(IllegalArgumentException.class,
                () -> new LearningRateSchedule(Recipe.kineticsScratch(), 0));
        assertEquals(7, Recipe.kineticsScratch().toBuilder().epochs(7).build().epochs());
    }
}
