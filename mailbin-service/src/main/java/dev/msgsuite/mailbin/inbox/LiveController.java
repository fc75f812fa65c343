package dev.msgsuite.mailbin.inbox;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
class LiveController {

    private final LiveSubmissions live;

    LiveController(LiveSubmissions live) {
        this.live = live;
    }

    @Operation(summary = "Server-sent events: one 'submission' event (JSON) per newly stored submission")
    @GetMapping(path = "/api/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter live() {
        return this.live.subscribe();
    }
}
