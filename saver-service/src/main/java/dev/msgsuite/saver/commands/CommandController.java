package dev.msgsuite.saver.commands;

import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CommandController {

    private final CommandService commands;

    CommandController(CommandService commands) {
        this.commands = commands;
    }

    /**
     * Sends a command to every compute node and answers once all known nodes replied or the
     * timeout passed; the request thread is free meanwhile.
     */
    @PostMapping("/api/commands")
    CompletableFuture<CommandService.CommandOutcome> send(@RequestBody CommandService.CommandRequest request) {
        return this.commands.send(request);
    }
}
