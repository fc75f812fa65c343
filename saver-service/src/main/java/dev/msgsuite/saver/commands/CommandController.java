package dev.msgsuite.saver.commands;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class CommandController {

    private final CommandService commands;

    CommandController(CommandService commands) {
        this.commands = commands;
    }

    /** Sends a command to every compute node and answers once all known nodes replied or the timeout passed. */
    @PostMapping("/api/commands")
    CommandService.CommandOutcome send(@RequestBody CommandService.CommandRequest request) throws InterruptedException {
        return this.commands.send(request);
    }
}
