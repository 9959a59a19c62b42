package io.replog.coordinator;

/**
 * Who is controller, and under which epoch. Epochs only grow; a request stamped with an older
 * epoch comes from a controller that has been replaced.
 */
public record ControllerInfo(int brokerId, int epoch) {
}
