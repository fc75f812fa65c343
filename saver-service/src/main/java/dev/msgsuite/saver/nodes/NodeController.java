package dev.msgsuite.saver.nodes;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class NodeController {

    private final NodeRegistry nodes;

    NodeController(NodeRegistry nodes) {
        this.nodes = nodes;
    }

    @GetMapping("/api/nodes")
    List<NodeRegistry.NodeView> nodes() {
        return this.nodes.list();
    }
}
