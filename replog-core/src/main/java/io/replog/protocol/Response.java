package io.replog.protocol;

/** The answer to a {@link Request} of the same {@link ApiKey}. */
public sealed interface Response permits ProduceResponse, FetchResponse, ListOffsetsResponse, MetadataResponse,
        LeaderAndIsrResponse, StopReplicaResponse, UpdateMetadataResponse, ControlledShutdownResponse,
        CreateTopicsResponse, DeleteTopicsResponse, OffsetForLeaderEpochResponse, ElectLeadersResponse,
        DescribeConfigsResponse {

    /** The response's type. */
    ApiKey apiKey();
}
