package io.replog.fault;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fault values: their wording, parsing it back, applying them, and the faults that cannot be made. */
class FaultTest {

    /** One of each kind, with the words each must read as. */
    private static final List<Fault> ALL = List.of(new Fault.Kill(2), new Fault.Restart(2), new Fault.Stop(0),
            new Fault.Isolate(1), new Fault.Heal(1), new Fault.SlowFollower(1, 300), new Fault.ExpireSession(4),
            new Fault.KillController());
    private static final List<String> WORDS = List.of("kill 2", "restart 2", "stop 0", "isolate 1", "heal 1",
            "slowFollower 1 by 300 ms", "expireSession 4", "killController");

    /** Records each call by the name of the interface's method, as "name(args)". */
    private static final class RecordingCluster implements ClusterFaults {
        final List<String> calls = new ArrayList<>();

        @Override
        public void kill(int broker) {
            calls.add("kill(" + broker + ")");
        }

        @Override
        public void restart(int broker) {
            calls.add("restart(" + broker + ")");
        }

        @Override
        public void stop(int broker) {
            calls.add("stop(" + broker + ")");
        }

        @Override
        public void isolate(int broker) {
            calls.add("isolate(" + broker + ")");
        }

        @Override
        public void heal(int broker) {
            calls.add("heal(" + broker + ")");
        }

        @Override
        public void slowFollower(int broker, long extraDelayMs) {
            calls.add("slowFollower(" + broker + ", " + extraDelayMs + ")");
        }

        @Override
        public void expireSession(int broker) {
            calls.add("expireSession(" + broker + ")");
        }

        @Override
        public int killController() {
            calls.add("killController()");
            return 7;
        }

        @Override
        public int controllerId() {
            return 7;
        }
    }

    @Test
    void eachFaultReadsAsTheApiWordsAndParsesBackToItself() {
        assertThat(ALL).extracting(Fault::toString).containsExactlyElementsOf(WORDS);
        for (Fault fault : ALL) {
            assertThat(Fault.parse(fault.toString())).as(fault.toString()).isEqualTo(fault);
        }
        // Every kind of the sealed interface is covered above.
        assertThat(ALL).extracting(Object::getClass).containsExactlyInAnyOrder(
                Fault.class.getPermittedSubclasses());
    }

    @Test
    void applyToCallsTheMethodOfTheSameNameAndReturnsTheBrokerItStruck() {
        RecordingCluster cluster = new RecordingCluster();
        List<Integer> struck = new ArrayList<>();
        for (Fault fault : ALL) {
            struck.add(fault.applyTo(cluster));
        }
        assertThat(cluster.calls).containsExactly("kill(2)", "restart(2)", "stop(0)", "isolate(1)", "heal(1)",
                "slowFollower(1, 300)", "expireSession(4)", "killController()");
        assertThat(struck).as("the broker each struck; killController's is the controller's id")
                .containsExactly(2, 2, 0, 1, 1, 1, 4, 7);
    }

    @Test
    void aNegativeBrokerIdIsRefusedNamingTheFault() {
        assertThatThrownBy(() -> new Fault.Kill(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kill: the broker id must be >= 0, was -1");
        assertThatThrownBy(() -> new Fault.Restart(-2)).hasMessage("restart: the broker id must be >= 0, was -2");
        assertThatThrownBy(() -> new Fault.Stop(-1)).hasMessage("stop: the broker id must be >= 0, was -1");
        assertThatThrownBy(() -> new Fault.Isolate(-1)).hasMessage("isolate: the broker id must be >= 0, was -1");
        assertThatThrownBy(() -> new Fault.Heal(-1)).hasMessage("heal: the broker id must be >= 0, was -1");
        assertThatThrownBy(() -> new Fault.SlowFollower(-1, 100))
                .hasMessage("slowFollower: the broker id must be >= 0, was -1");
        assertThatThrownBy(() -> new Fault.ExpireSession(-3))
                .hasMessage("expireSession: the broker id must be >= 0, was -3");
    }

    @Test
    void aSlowdownNeedsAPositiveDelay() {
        assertThatThrownBy(() -> new Fault.SlowFollower(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slowFollower 1: the delay must be > 0 ms (heal 1 ends a slowdown), was 0 ms");
        assertThatThrownBy(() -> new Fault.SlowFollower(1, -5))
                .hasMessage("slowFollower 1: the delay must be > 0 ms (heal 1 ends a slowdown), was -5 ms");
        assertThat(new Fault.SlowFollower(1, 1).delayMs()).isEqualTo(1);
    }

    @Test
    void parseRefusesWhatIsNotAFaultSayingWhatItExpected() {
        assertThatThrownBy(() -> Fault.parse("crash 2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read fault 'crash 2': unknown fault 'crash'; the faults are kill, restart, stop, "
                        + "isolate, heal and expireSession <broker>, slowFollower <broker> by <delay> ms, "
                        + "and killController");
        assertThatThrownBy(() -> Fault.parse("Kill 2")).hasMessageContaining("unknown fault 'Kill'");
        assertThatThrownBy(() -> Fault.parse("kill")).hasMessage("cannot read fault 'kill': expected kill <broker>");
        assertThatThrownBy(() -> Fault.parse("heal 1 2")).hasMessage("cannot read fault 'heal 1 2': expected heal <broker>");
        assertThatThrownBy(() -> Fault.parse("isolate one"))
                .hasMessage("cannot read fault 'isolate one': the broker id 'one' is not a whole number");
        assertThatThrownBy(() -> Fault.parse("kill -1"))
                .hasMessage("cannot read fault 'kill -1': kill: the broker id must be >= 0, was -1");
        assertThatThrownBy(() -> Fault.parse("slowFollower 1 300"))
                .hasMessage("cannot read fault 'slowFollower 1 300': expected slowFollower <broker> by <delay> ms");
        assertThatThrownBy(() -> Fault.parse("slowFollower 1 by 3s ms"))
                .hasMessage("cannot read fault 'slowFollower 1 by 3s ms': the delay '3s' is not a whole number of ms");
        assertThatThrownBy(() -> Fault.parse("slowFollower 1 by 0 ms")).hasMessage("cannot read fault "
                + "'slowFollower 1 by 0 ms': slowFollower 1: the delay must be > 0 ms (heal 1 ends a slowdown), was 0 ms");
        assertThatThrownBy(() -> Fault.parse("killController 1"))
                .hasMessage("cannot read fault 'killController 1': killController takes no broker id");
        assertThatThrownBy(() -> Fault.parse("  ")).hasMessageContaining("unknown fault ''");
    }

    /** A printed fault sequence replayed: read back and applied in order, to any cluster (here, a recording one). */
    @Test
    void aPrintedScriptReplaysTheSameFaultsInOrder() {
        ClusterFaults cluster = new RecordingCluster();
        for (Fault fault : Fault.parseAll("isolate 1; heal 1; kill 0; restart 0; slowFollower 2 by 800 ms; heal 2")) {
            fault.applyTo(cluster);
        }
        assertThat(((RecordingCluster) cluster).calls).containsExactly("isolate(1)", "heal(1)", "kill(0)",
                "restart(0)", "slowFollower(2, 800)", "heal(2)");
    }

    @Test
    void parseAllReadsAScriptSeparatedBySemicolonsOrLinesInOrder() {
        assertThat(Fault.parseAll("kill 1; restart 1;\n  slowFollower 2   by 2500 ms\n\nheal 2;killController"))
                .containsExactly(new Fault.Kill(1), new Fault.Restart(1), new Fault.SlowFollower(2, 2_500),
                        new Fault.Heal(2), new Fault.KillController());
        assertThat(Fault.parseAll(String.join("; ", WORDS))).isEqualTo(ALL);
        assertThat(Fault.parseAll(" ; \n")).isEmpty();
        assertThatThrownBy(() -> Fault.parseAll("kill 1; restart; heal 2"))
                .hasMessage("cannot read fault 'restart': expected restart <broker>");
    }
}
