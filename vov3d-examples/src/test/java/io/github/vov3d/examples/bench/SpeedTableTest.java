package io.github.vov3d.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.api.MemoryTraffic;
import io.github.vov3d.api.ModelArchitecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The speed table pairs both modes of a measurement and reports ratio, rates and memory. */
class SpeedTableTest {
    /** 100 MB in and 100 MB out per clip, 1 MB of weights. */
    private static final MemoryTraffic TRAFFIC = new MemoryTraffic(100_000_000, 100_000_000, 0, 0,
            1_000_000);
    private static SpeedResult result(String task, String mode, double millis) {
        return new SpeedResult(ModelArchitecture.VOV3D_M, task, 2, mode, millis,
                OptionalLong.of(mode.equals("fast") ? 400 : 1800), Map.of(), 4.9, TRAFFIC);
    }

    @Test
    void evalRowsCarryTheArithmeticRateOfBothModes() {
        String table = SpeedTable.markdown(List.of(result("eval", "straightforward", 800),
                result("eval", "fast", 200)));
        // 2 clips × 4.9 GMACs in 0.8 s and in 0.2 s
        assertTrue(table.contains("| vov3d_m | eval | 2 | 800 | 200 | 4.00× | 2.50 | 10.00 "
                + "| 12.3 / 49.0 | 1800 / 400 |"), table);
    }

    @Test
    void trainingRowsHaveNoRate() {
        String table = SpeedTable.markdown(List.of(result("train", "straightforward", 3000),
                result("train", "fast", 1500)));
        assertTrue(table.contains("| 2.00× | 0.67 | 1.33 | — | 1800 / 400 |"), table);
    }

    @Test
    void thePyTorchReferenceGetsItsOwnTableWithBothRatios() {
        String table = SpeedTable.markdown(List.of(result("eval", "straightforward", 600),
                result("eval", "fast", 150), result("eval", "pytorch", 300)));
        assertTrue(table.contains("| vov3d_m | eval | 2 | 600 | 150 | 4.00× |"), table);
        assertTrue(table.contains("| vov3d_m | eval | 2 | 300 | 600 | 150 | 0.50× | 2.00× |"), table);
    }

    @Test
    void theBreakdownSumsBlocksByStageAndListsEveryBlock() {
        Map<String, Double> slow = new LinkedHashMap<>();
        slow.put("s1", 40.0);
        slow.put("s2.res0", 30.0);
        slow.put("s2.res1", 20.0);
        slow.put("head", 2.0);
        Map<String, Double> fast = new LinkedHashMap<>();
        fast.put("s1", 4.0);
        fast.put("s2.res0", 10.0);
        fast.put("s2.res1", 4.0);
        fast.put("head", 2.0);
        String table = SpeedTable.markdown(List.of(
                new SpeedResult(ModelArchitecture.VOV3D_M, "eval", 1, "straightforward", 92,
                        OptionalLong.empty(), slow, 4.9, TRAFFIC),
                new SpeedResult(ModelArchitecture.VOV3D_M, "eval", 1, "fast", 20,
                        OptionalLong.empty(), fast, 4.9, TRAFFIC)));
        assertTrue(table.contains("| model | s1 | s2 | head |"), table);
        assertTrue(table.contains("| vov3d_m | 40 / 4 | 50 / 14 | 2 / 2 |"), table);
        assertTrue(table.contains("| s2.res0 | 30.0 | 10.0 | 3.00× | 50 % |"), table);
        assertTrue(table.contains("| s2.res1 | 20.0 | 4.0 | 5.00× | 20 % |"), table);
        assertTrue(table.contains("| head | 2.0 | 2.0 | 1.00× | 10 % |"), table);
    }

    @Test
    void withoutTheReferenceThereIsNoPyTorchTable() {
        String table = SpeedTable.markdown(List.of(result("eval", "straightforward", 600),
                result("eval", "fast", 150)));
        assertTrue(!table.contains("PyTorch"), table);
    }

    @Test
    void evalPassesAreSetAgainstTheirMemoryTrafficFloor() {
        // batch 2: 401 MB at 100 GB/s is a 4.01 ms floor; 20.05 ms fast is 5.0× it, 80.2 ms 20.0×
        String floors = SpeedTable.floors(List.of(result("eval", "straightforward", 80.2),
                result("eval", "fast", 20.05), result("train", "straightforward", 900),
                result("train", "fast", 300)), new MemoryBandwidth(100e9, 256L << 20, 10));
        assertTrue(floors.contains("at 100 GB/s"), floors);
        assertTrue(floors.contains("| vov3d_m | 2 | 401 | 4.0 | 20 | 5.0× | 20.0× |"), floors);
        assertEquals(1, floors.lines().filter(l -> l.startsWith("| vov3d_m")).count(),
                "training steps have no floor: " + floors);
    }

    @Test
    void noEvalPassNoFloorSection() {
        assertEquals("", SpeedTable.floors(List.of(result("train", "straightforward", 900),
                result("train", "fast", 300)), new MemoryBandwidth(100e9, 256L << 20, 10)));
    }
}
