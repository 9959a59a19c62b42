package io.replog.netty.kafka;

import io.replog.netty.protocol.UnsupportedVersionException;
import io.replog.netty.protocol.message.DescribeConfigsRequestMessage;
import io.replog.netty.protocol.message.DescribeConfigsRequestMessage.DescribeConfigsResource;
import io.replog.netty.protocol.message.DescribeConfigsResponseMessage;
import io.replog.netty.protocol.message.DescribeConfigsResponseMessage.DescribeConfigsResourceResult;
import io.replog.netty.protocol.message.DescribeConfigsResponseMessage.DescribeConfigsResult;
import io.replog.netty.protocol.message.DescribeConfigsResponseMessage.DescribeConfigsSynonym;
import io.replog.protocol.DescribeConfigsRequest;
import io.replog.protocol.DescribeConfigsResponse;
import io.replog.protocol.Errors;

import java.util.ArrayList;
import java.util.List;

/**
 * DescribeConfigs (key 32) between core's messages and Kafka's bodies, served at versions
 * {@value #LOWEST}..{@value #HIGHEST}, in both directions (the broker serves it, the admin client
 * sends it).
 *
 * <p>Versions: {@code include_synonyms}, each entry's source and synonyms exist from v1 (every
 * served version); {@code include_documentation}, the config type and the documentation from
 * v3; below v3 the request's documentation flag is dropped, and answers carry type 0 (unknown)
 * and no documentation (read back as {@code null}). Neutral values: throttle time 0.
 */
public final class DescribeConfigsTranslator {
    /** Lowest served version. */
    public static final short LOWEST = 1;
    /** Highest served version. */
    public static final short HIGHEST = 4;
    /** The first version with documentation and config types. */
    static final short DOCUMENTATION_VERSION = 3;

    private DescribeConfigsTranslator() {
    }

    /** The core request of {@code message}; null configuration keys mean every key. */
    public static DescribeConfigsRequest toCore(DescribeConfigsRequestMessage message, short version) {
        checkVersion(version);
        List<DescribeConfigsRequest.Resource> resources = new ArrayList<>();
        for (DescribeConfigsResource r : message.resources()) {
            resources.add(new DescribeConfigsRequest.Resource(r.resourceType(), r.resourceName(),
                    r.configurationKeys()));
        }
        return new DescribeConfigsRequest(resources, message.includeSynonyms(),
                version >= DOCUMENTATION_VERSION && message.includeDocumentation());
    }

    /** Kafka's response of {@code response}. */
    public static DescribeConfigsResponseMessage toKafka(DescribeConfigsResponse response, short version) {
        checkVersion(version);
        boolean v3 = version >= DOCUMENTATION_VERSION;
        List<DescribeConfigsResult> results = new ArrayList<>();
        for (DescribeConfigsResponse.Result r : response.results()) {
            List<DescribeConfigsResourceResult> configs = new ArrayList<>();
            for (DescribeConfigsResponse.Entry e : r.entries()) {
                List<DescribeConfigsSynonym> synonyms = new ArrayList<>();
                e.synonyms().forEach(s -> synonyms.add(new DescribeConfigsSynonym(s.name(), s.value(), s.source())));
                configs.add(new DescribeConfigsResourceResult(e.name(), e.value(), e.readOnly(), e.source(),
                        e.sensitive(), synonyms, v3 ? e.configType() : 0, v3 ? e.documentation() : null));
            }
            results.add(new DescribeConfigsResult(r.error().code(), r.errorMessage(), r.resourceType(),
                    r.resourceName(), configs));
        }
        return new DescribeConfigsResponseMessage(0, results);
    }

    /** Every resource of {@code message} answered {@code code} with {@code errorMessage}. */
    public static DescribeConfigsResponseMessage refuse(DescribeConfigsRequestMessage message, short code,
                                                        String errorMessage) {
        List<DescribeConfigsResult> results = new ArrayList<>();
        for (DescribeConfigsResource r : message.resources()) {
            results.add(new DescribeConfigsResult(code, errorMessage, r.resourceType(), r.resourceName(), List.of()));
        }
        return new DescribeConfigsResponseMessage(0, results);
    }

    /** Kafka's request for {@code request}. */
    public static DescribeConfigsRequestMessage toKafkaRequest(DescribeConfigsRequest request, short version) {
        checkVersion(version);
        List<DescribeConfigsResource> resources = new ArrayList<>();
        for (DescribeConfigsRequest.Resource r : request.resources()) {
            resources.add(new DescribeConfigsResource(r.type(), r.name(), r.keys()));
        }
        return new DescribeConfigsRequestMessage(resources, request.includeSynonyms(),
                version >= DOCUMENTATION_VERSION && request.includeDocumentation());
    }

    /** Core's response of {@code message}; an unknown error code reads as UNKNOWN_SERVER_ERROR. */
    public static DescribeConfigsResponse toCoreResponse(DescribeConfigsResponseMessage message, short version) {
        checkVersion(version);
        List<DescribeConfigsResponse.Result> results = new ArrayList<>();
        for (DescribeConfigsResult r : message.results()) {
            List<DescribeConfigsResponse.Entry> entries = new ArrayList<>();
            for (DescribeConfigsResourceResult c : r.configs()) {
                List<DescribeConfigsResponse.Synonym> synonyms = new ArrayList<>();
                c.synonyms().forEach(s -> synonyms.add(new DescribeConfigsResponse.Synonym(s.name(), s.value(),
                        s.source())));
                entries.add(new DescribeConfigsResponse.Entry(c.name(), c.value(), c.readOnly(), c.configSource(),
                        c.isSensitive(), synonyms, version >= DOCUMENTATION_VERSION ? c.configType() : 0,
                        version >= DOCUMENTATION_VERSION ? c.documentation() : null));
            }
            results.add(new DescribeConfigsResponse.Result(Errors.forCode(r.errorCode()), r.errorMessage(),
                    r.resourceType(), r.resourceName(), entries));
        }
        return new DescribeConfigsResponse(results);
    }

    private static void checkVersion(short version) {
        if (version < LOWEST || version > HIGHEST) {
            throw new UnsupportedVersionException("DescribeConfigs v" + version + " is not served");
        }
    }
}
