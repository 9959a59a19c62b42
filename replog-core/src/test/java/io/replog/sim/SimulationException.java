package io.replog.sim;

/**
 * The simulation itself could not go on: an event threw, a run exceeded its event budget, or
 * the simulation was touched from a second thread. The message names the simulated time and
 * node, and ends with the latest trace lines.
 */
public final class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulationException(String message) {
        super(message);
    }

    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
