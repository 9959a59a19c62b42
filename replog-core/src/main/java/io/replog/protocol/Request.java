package io.replog.protocol;

/**
 * A request one party sends a broker. Each type mirrors the fields of the Kafka request of the
 * same {@link ApiKey}, so that the Netty transport encodes it without translation.
 */
public sealed interface Request permits ProduceRequest, FetchRequest, ListOffsetsRequest, MetadataRequest,
        ControllerRequest, ControlledShutdownRequest,
        CreateTopicsRequest, DeleteTopicsRequest, OffsetForLeaderEpochRequest, ElectLeadersRequest,
        DescribeConfigsRequest {

    /** The request's type. */
    ApiKey apiKey();
}
