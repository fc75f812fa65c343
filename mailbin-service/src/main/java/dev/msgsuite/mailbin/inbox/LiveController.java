package dev.msgsuite.mailbin.inbox;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class LiveController {

    private final LiveSubmissions live;

    LiveController(LiveSubmissions live) {
        this.live = live;
    }

    @Operation(summary = "Server-sent events: one 'submission' event (JSON) per newly stored submission",
            description = "503 with Retry-After when mailbin.live.max-subscribers streams are open")
    @GetMapping(path = "/api/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> live() {
        return this.live.subscribe().map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "30").build());
    }
}
