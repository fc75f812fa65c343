package dev.msgsuite.saver.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The compute console: one page over the API (nodes, elections, jobs and their charts), its
 * script, style and Chart.js (a WebJar) all served from here. The page carries a
 * Content-Security-Policy that allows scripts and styles from this origin only, nothing
 * inline, and connections back to this origin only; what users typed is put into the page
 * as text (textContent), never as markup.
 */
@RestController
class ConsolePage {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final byte[] html;

    private final byte[] script;

    private final byte[] style;

    ConsolePage() throws IOException {
        this.html = read("console/index.html");
        this.script = read("console/console.js");
        this.style = read("console/console.css");
    }

    @GetMapping("/")
    ResponseEntity<byte[]> page() {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY).cacheControl(CacheControl.noStore())
                .body(this.html);
    }

    @GetMapping("/console.js")
    ResponseEntity<byte[]> script() {
        return ResponseEntity.ok().contentType(new MediaType("text", "javascript", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache()).body(this.script);
    }

    @GetMapping("/console.css")
    ResponseEntity<byte[]> style() {
        return ResponseEntity.ok().contentType(new MediaType("text", "css", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache()).body(this.style);
    }

    private static byte[] read(String path) throws IOException {
        try (var in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        }
    }
}
