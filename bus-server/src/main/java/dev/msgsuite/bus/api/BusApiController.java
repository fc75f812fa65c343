package dev.msgsuite.bus.api;

import dev.msgsuite.bus.routing.SkillBus;
import dev.msgsuite.bus.routing.SkillPattern;
import dev.msgsuite.bus.routing.Subscriber;
import dev.msgsuite.bus.session.ClientSession;
import dev.msgsuite.bus.session.SessionStore;
import java.util.Comparator;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Read-only views of the bus for operators: who registered what, and how each client's queue is doing. */
@RestController
@RequestMapping("/api")
class BusApiController {

    private final SkillBus bus;

    private final SessionStore sessions;

    BusApiController(SkillBus bus, SessionStore sessions) {
        this.bus = bus;
        this.sessions = sessions;
    }

    /** A registered pattern with its subscribers. */
    record Registration(String pattern, int subscriberCount, List<String> subscribers) {
    }

    /** A skill published here, with its total and its recent rate. */
    record Published(String skill, long packets, double perSecond) {
    }

    record Skills(List<Registration> registrations, List<Published> published) {
    }

    /** One client session as operators see it. */
    record Client(String id, String protocol, String owner, boolean connected, List<String> skills, String flow,
            int queued, long queuedBytes, int inFlight, long inFlightBytes, long sent, long dropped) {
    }

    @GetMapping("/skills")
    Skills skills() {
        List<Registration> registrations = this.bus.registry().snapshot().entrySet().stream()
                .map(entry -> new Registration(entry.getKey(), entry.getValue().size(),
                        entry.getValue().stream().map(Subscriber::id).toList()))
                .toList();
        List<Published> published = this.bus.publishedBySkill().entrySet().stream()
                .map(entry -> new Published(entry.getKey(), entry.getValue(), this.bus.ratePerSecond(entry.getKey())))
                .toList();
        return new Skills(registrations, published);
    }

    @GetMapping("/clients")
    List<Client> clients() {
        return this.sessions.all().stream().sorted(Comparator.comparing(ClientSession::id)).map(session -> {
            ClientSession.Stats stats = session.stats();
            return new Client(session.id(), session.protocol().label(), session.owner(), session.attached(),
                    session.patterns().stream().map(SkillPattern::text).toList(), stats.flow(), stats.queued(),
                    stats.queuedBytes(), stats.inFlight(), stats.inFlightBytes(), stats.sent(), stats.dropped());
        }).toList();
    }
}
