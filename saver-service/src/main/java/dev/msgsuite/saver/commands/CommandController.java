package dev.msgsuite.saver.commands;

import dev.msgsuite.saver.SaverProperties;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@RestController
class CommandController implements WebMvcConfigurer {

    private final CommandService commands;

    private final SaverProperties properties;

    CommandController(CommandService commands, SaverProperties properties) {
        this.commands = commands;
        this.properties = properties;
    }

    /**
     * Sends a command to every compute node and answers once all known nodes replied or the
     * timeout passed; the request thread is free meanwhile.
     */
    @PostMapping("/api/commands")
    CompletableFuture<CommandService.CommandOutcome> send(@RequestBody CommandService.CommandRequest request) {
        return this.commands.send(request);
    }

    /** The servlet container's own async timeout (30 s in Tomcat) must not cut the longest wait short. */
    @Override
    public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
        configurer.setDefaultTimeout(this.properties.maxCommandTimeout().plusSeconds(10).toMillis());
    }
}
