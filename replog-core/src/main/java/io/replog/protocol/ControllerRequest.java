package io.replog.protocol;

/**
 * A request only the controller sends (LeaderAndIsr, StopReplica, UpdateMetadata). A broker
 * obeys it only while registered, only from the newest controller epoch it has seen, and only if
 * it names the broker's current registration (KIP-380's broker epoch): a request decided for an
 * earlier process of the same broker id is refused with {@link Errors#STALE_BROKER_EPOCH}.
 */
public sealed interface ControllerRequest extends Request
        permits LeaderAndIsrRequest, StopReplicaRequest, UpdateMetadataRequest {
    /** The sending controller's broker id. */
    int controllerId();

    /** The sending controller's epoch. */
    int controllerEpoch();

    /** The target broker's registration epoch as the controller knows it. */
    long brokerEpoch();
}
