package dev.msgsuite.tuplespace.api;

import dev.msgsuite.testsupport.TestCredentials.Role;
import dev.msgsuite.tuplespace.TupleSpaceContext;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The non-blocking operations over HTTP, as curl would call them. */
class RestApiTests extends TupleSpaceContext {

    @Test
    void writeReadTakeAndReadAllOverHttp() {
        String space = newSpace();
        RestTestClient operator = as(Role.OPERATOR);
        post(operator, "/api/spaces/" + space + "/tuples", "{\"tuple\": [\"order\", 1, true]}").expectStatus().isCreated()
                .expectBody().jsonPath("$.tupleId").isNumber();
        post(operator, "/api/spaces/" + space + "/tuples", "{\"tuple\": [\"order\", 2, false], \"lease\": 60000}").expectStatus().isCreated();

        post(as(Role.VIEWER), "/api/spaces/" + space + "/read", "{\"template\": [\"order\", null, null]}").expectStatus().isOk()
                .expectBody().json("{\"tuple\": [\"order\", 1, true]}");
        post(as(Role.VIEWER), "/api/spaces/" + space + "/read-all", "{\"template\": [\"order\", {\"type\": \"number\"}, null]}")
                .expectStatus().isOk().expectBody().json("{\"tuples\": [[\"order\", 1, true], [\"order\", 2, false]]}");
        post(operator, "/api/spaces/" + space + "/take", "{\"template\": [\"order\", null, false]}").expectStatus().isOk()
                .expectBody().json("{\"tuple\": [\"order\", 2, false]}");
        post(operator, "/api/spaces/" + space + "/take", "{\"template\": [\"order\", null, false]}").expectStatus().isNoContent();
    }

    @Test
    void malformedBodiesAreRefusedWithAProblemNamingWhatIsWrong() {
        String path = "/api/spaces/" + newSpace() + "/tuples";
        RestTestClient operator = as(Role.OPERATOR);
        post(operator, path, "not json").expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("malformed-request");
        post(operator, path, "[1]").expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("malformed-request");
        post(operator, path, "{\"tuple\": {\"a\": 1}}").expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("malformed-tuple");
        post(operator, path, "{\"tuple\": [[1]]}").expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("malformed-tuple");
        post(operator, path, "{\"tuple\": [1], \"lease\": -5}").expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("malformed-request");
        post(operator, path.replace("/tuples", "/take"), "{\"template\": [{\"type\": \"date\"}]}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("malformed-template");
        post(operator, "/api/spaces/-bad!/tuples", "{\"tuple\": [1]}").expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("bad-space-name");
        post(operator, path, "{\"tuple\": [" + "1,".repeat(16) + "1]}").expectStatus().isEqualTo(413).expectBody().jsonPath("$.code").isEqualTo("too-many-fields");
        post(operator, path, "{\"tuple\": [\"" + "x".repeat(5000) + "\"]}").expectStatus().isEqualTo(413).expectBody().jsonPath("$.code").isEqualTo("tuple-too-large");
        post(operator, path, "{\"tuple\": [\"" + "x".repeat(20000) + "\"]}").expectStatus().isEqualTo(413);
    }

    private static RestTestClient.ResponseSpec post(RestTestClient client, String path, String body) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).exchange();
    }
}
