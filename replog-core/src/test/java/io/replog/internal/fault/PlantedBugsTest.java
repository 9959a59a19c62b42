package io.replog.internal.fault;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlantedBugsTest {

    @Test
    void noBugIsPlantedUnlessNamed() {
        assertThat(PlantedBugs.of()).isSameAs(PlantedBugs.NONE);
        assertThat(PlantedBugs.NONE.any()).isFalse();
        for (PlantedBug bug : PlantedBug.values()) {
            assertThat(PlantedBugs.NONE.has(bug)).as(bug.name()).isFalse();
        }
    }

    @Test
    void aPlantedBugIsReportedOnlyForItself() {
        PlantedBugs bugs = PlantedBugs.of(PlantedBug.TRUNCATE_TO_HIGH_WATERMARK);
        assertThat(bugs.any()).isTrue();
        assertThat(bugs.has(PlantedBug.TRUNCATE_TO_HIGH_WATERMARK)).isTrue();
        assertThat(bugs.has(PlantedBug.LEADER_FROM_OUTSIDE_ISR)).isFalse();
        assertThat(bugs).isEqualTo(PlantedBugs.of(java.util.List.of(PlantedBug.TRUNCATE_TO_HIGH_WATERMARK)));
        assertThat(bugs.asSet()).containsExactly(PlantedBug.TRUNCATE_TO_HIGH_WATERMARK);
    }
}
