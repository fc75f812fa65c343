package dev.msgsuite.talker.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which first lines show an HTTP client. */
class HttpRequestsTests {

    @ParameterizedTest
    @ValueSource(strings = { "GET / HTTP/1.1", "GET /index.html?a=b HTTP/1.0", "POST / HTTP/1.1", "PUT /x HTTP/1.1",
        "HEAD / HTTP/1.1", "OPTIONS * HTTP/1.1", "DELETE /x HTTP/1.1", "CONNECT talker:8889 HTTP/1.1",
        "PATCH /x HTTP/1.1", "PROPFIND /dav HTTP/1.1", "PRI * HTTP/2.0", "GET http://talker:8889/ HTTP/1.1",
        "Host: talker:8889", "host:talker", "User-Agent: Mozilla/5.0", "Accept-Language: en", "Origin: http://evil",
        "Content-Type: text/plain", "Sec-Fetch-Mode: no-cors" })
    void httpRequestAndHeaderLinesAreRecognised(String line) {
        assertThat(HttpRequests.looksLikeHttp(line)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "hello", "/nick alice", "/peer-connect host 80", "/tell bob GET / HTTP/1.1",
        "GET me a coffee", "get / http/1.1", "HTTP/1.1 200 OK", "note: back in 5", "hosting: fun", "",
        "!0123|1|TopologyObserver|i-am|" })
    void chatAndPeerLinesAreNot(String line) {
        assertThat(HttpRequests.looksLikeHttp(line)).isFalse();
    }
}
