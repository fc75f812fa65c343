package dev.msgsuite.saver.limits;

import dev.msgsuite.saver.SaverProperties;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/** The JSON reading limits of this service, in one place for its JsonMapper and the tests of its parsers. */
public final class JsonLimits {

    /** Digits of the longest number: a long seed with its sign, and some room. */
    static final int MAX_NUMBER_LENGTH = 24;

    private JsonLimits() {
    }

    /** Jackson's defaults allow 100 M characters per string and documents of any length. */
    public static StreamReadConstraints constraints(SaverProperties.Limits limits) {
        return StreamReadConstraints.builder()
                .maxDocumentLength(limits.maxRequestBody().toBytes())
                .maxStringLength(limits.maxJsonString())
                .maxNestingDepth(limits.maxJsonDepth())
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build();
    }

    /** A mapper reading with these limits, as the service's own does. */
    public static JsonMapper mapper(SaverProperties.Limits limits) {
        return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(constraints(limits)).build()).build();
    }
}
