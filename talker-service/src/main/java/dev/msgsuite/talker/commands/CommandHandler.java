package dev.msgsuite.talker.commands;

import dev.msgsuite.talker.chat.Chat;
import dev.msgsuite.talker.chat.ClientSession;
import dev.msgsuite.talker.chat.TellService;
import dev.msgsuite.talker.chat.WhoService;
import dev.msgsuite.talker.mesh.Mesh;
import dev.msgsuite.talker.mesh.PeerLink;
import dev.msgsuite.talker.ops.TalkerMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns one client line into speech or a command. Every error is one line to the sender. The
 * command table says who may use each command; operator commands exist only on a server with an
 * operator password.
 */
public final class CommandHandler {

    private record Command(String usage, String help, Access access, Action action) {
    }

    @FunctionalInterface
    private interface Action {

        void run(ClientSession session, String[] words, String line);
    }

    /** The commonest kind of action, which needs the words only. */
    private static Action words(BiConsumer<ClientSession, String[]> action) {
        return (session, words, line) -> action.accept(session, words);
    }

    private final Chat chat;

    private final Mesh mesh;

    private final WhoService who;

    private final TellService tell;

    private final PeerControl peers;

    private final PeerPolicy peerPolicy;

    private final OperatorLogin operators;

    private final TalkerMetrics metrics;

    private final Map<String, Command> commands = new LinkedHashMap<>();

    public CommandHandler(Chat chat, Mesh mesh, WhoService who, TellService tell, PeerControl peers,
            PeerPolicy peerPolicy, OperatorLogin operators, TalkerMetrics metrics) {
        this.chat = chat;
        this.mesh = mesh;
        this.who = who;
        this.tell = tell;
        this.peers = peers;
        this.peerPolicy = peerPolicy;
        this.operators = operators;
        this.metrics = metrics;
        add("/help", "", "this list", Access.ANYONE, words((session, words) -> help(session)));
        add("/quit", "", "leave", Access.ANYONE,
                words((session, words) -> session.close("Bye, " + session.name())));
        add("/who", "", "users on every reachable server", Access.ANYONE,
                words((session, words) -> this.who.ask(session)));
        add("/nick", "<name>", "change your nickname (letters and digits)", Access.ANYONE, words(this::nick));
        add("/tell", "<name> <text>", "whisper to a user on any server", Access.ANYONE,
                (session, words, line) -> tell(session, line));
        add("/me", "<action>", "act", Access.ANYONE, (session, words, line) -> me(session, line));
        add("/reachable", "", "servers reachable over the mesh", Access.ANYONE,
                words((session, words) -> reachable(session)));
        add("/peers", "", "directly linked servers", Access.ANYONE, words((session, words) -> peers(session)));
        add("/oper", "<password>", "become an operator", Access.OPERATOR_LOGIN, words(this.operators::login));
        add("/kill", "<name>", "disconnect a user of this server", Access.OPERATOR, words(this::kill));
        add("/peer-listen", "<host> <port>", "accept peers", Access.OPERATOR,
                words((session, words) -> withAddress(session, words,
                        (host, port) -> refusedOr(session, this.peerPolicy.refuseListen(host, port),
                                () -> this.peers.listen(host, port, session::send)))));
        add("/peer-connect", "<host> <port>", "link to a peer", Access.OPERATOR,
                words((session, words) -> withAddress(session, words,
                        (host, port) -> refusedOr(session, this.peerPolicy.refuseConnect(host, port),
                                () -> this.peers.connect(host, port, session::send)))));
        add("/peer-kill", "<host> <port>", "drop a peer link", Access.OPERATOR,
                words((session, words) -> withAddress(session, words,
                        (host, port) -> session.send(this.peers.disconnect(host, port)
                                ? "Dropped peer " + host + ":" + port : "No peer link to " + host + ":" + port))));
    }

    /** Every command and who may use it. */
    public Map<String, Access> access() {
        Map<String, Access> access = new LinkedHashMap<>();
        this.commands.forEach((name, command) -> access.put(name, command.access()));
        return access;
    }

    public void handle(ClientSession session, String line) {
        if (line.isBlank()) {
            return;
        }
        if (!line.startsWith("/")) {
            this.chat.say(session, line);
            return;
        }
        String[] words = line.strip().split("\\s+");
        Command command = this.commands.get(words[0]);
        if (command == null) {
            session.send("Unknown command: " + words[0] + " (try /help)");
            return;
        }
        if (command.access() != Access.ANYONE && !this.operators.available()) {
            this.metrics.commandRefused("not-available");
            session.send(OperatorLogin.NOT_AVAILABLE);
            return;
        }
        if (command.access() == Access.OPERATOR && !session.operator()) {
            this.metrics.commandRefused("not-operator");
            session.send("Permission denied: " + words[0] + " needs operator rights (/oper <password>)");
            return;
        }
        command.action().run(session, words, line);
    }

    private void add(String name, String usage, String help, Access access, Action action) {
        this.commands.put(name, new Command(usage, help, access, action));
    }

    private void help(ClientSession session) {
        session.send("Commands:");
        this.commands.forEach((name, command) -> {
            if (command.access() == Access.ANYONE || this.operators.available()) {
                String synopsis = command.usage().isEmpty() ? name : name + " " + command.usage();
                session.send(String.format("  %-28s %s", synopsis,
                        command.help() + (command.access() == Access.OPERATOR ? " (operator)" : "")));
            }
        });
        session.send("Anything else is said to everyone.");
    }

    private void refusedOr(ClientSession session, @Nullable String refusal, Runnable action) {
        if (refusal != null) {
            this.metrics.commandRefused("peer-host");
            session.send(refusal);
            return;
        }
        action.run();
    }

    private void nick(ClientSession session, String[] words) {
        if (words.length != 2) {
            session.send("You must give an alphanumeric nickname: /nick <name>");
            return;
        }
        String error = this.chat.rename(session, words[1]);
        if (error != null) {
            session.send(error);
        }
    }

    private void tell(ClientSession session, String line) {
        String[] parts = line.strip().split("\\s+", 3);
        if (parts.length < 3 || parts[2].isBlank()) {
            session.send("Tell who, what?");
            return;
        }
        this.tell.tell(session, parts[1], parts[2]);
    }

    private void me(ClientSession session, String line) {
        String[] parts = line.strip().split("\\s+", 2);
        if (parts.length < 2) {
            session.send("Do what? /me <action>");
            return;
        }
        this.chat.act(session, parts[1]);
    }

    private void reachable(ClientSession session) {
        List<String> others = new ArrayList<>(this.mesh.reachable());
        others.remove(this.mesh.self());
        session.send("There are " + others.size() + " reachable peers:");
        others.forEach(id -> session.send("  " + id));
    }

    private void peers(ClientSession session) {
        List<PeerLink> links = this.mesh.links();
        session.send("There are " + links.size() + " peers directly connected");
        for (PeerLink link : links) {
            String id = this.mesh.peerId(link);
            session.send("  " + link.address() + (link.outgoing() ? " (outgoing) " : " (incoming) ")
                    + (id == null ? "(not introduced yet)" : id));
        }
    }

    private void kill(ClientSession session, String[] words) {
        if (words.length != 2) {
            session.send("Kill who? /kill <name>");
            return;
        }
        this.chat.find(words[1]).ifPresentOrElse(victim -> {
            session.send("Killed " + victim.name());
            victim.close("You have been killed by " + session.name());
        }, () -> session.send("No user named " + words[1] + " on this server"));
    }

    private interface AddressAction {

        void run(String host, int port);
    }

    private static void withAddress(ClientSession session, String[] words, AddressAction action) {
        int port = words.length == 3 ? parsePort(words[2]) : -1;
        if (port < 0) {
            session.send("Usage: " + words[0] + " <host> <port> (port 0-65535)");
            return;
        }
        action.run(words[1], port);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            return port >= 0 && port <= 65535 ? port : -1;
        }
        catch (NumberFormatException ex) {
            return -1;
        }
    }

}
