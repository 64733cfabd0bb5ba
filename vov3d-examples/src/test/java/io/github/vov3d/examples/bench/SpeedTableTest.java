package io.github.vov3d.examples.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.vov3d.api.ModelArchitecture;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The speed table pairs both modes of a measurement and reports ratio, rates and memory. */
class SpeedTableTest {
    private static SpeedResult result(String task, String mode, double millis) {
        return new SpeedResult(ModelArchitecture.VOV3D_M, task, 2, mode, millis,
                OptionalLong.of(mode.equals("fast") ? 400 : 1800), Map.of(), 4.9);
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
    void withoutTheReferenceThereIsNoPyTorchTable() {
        String table = SpeedTable.markdown(List.of(result("eval", "straightforward", 600),
                result("eval", "fast", 150)));
        assertTrue(!table.contains("PyTorch"), table);
    }
}
