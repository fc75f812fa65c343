package dev.msgsuite.talker.commands;

import dev.msgsuite.talker.chat.Chat;
import dev.msgsuite.talker.chat.ClientSession;
import dev.msgsuite.talker.chat.TellService;
import dev.msgsuite.talker.chat.WhoService;
import dev.msgsuite.talker.mesh.Mesh;
import dev.msgsuite.talker.mesh.PeerLink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Turns one client line into speech or a command. Every error is one line to the sender. */
public final class CommandHandler {

    private static final List<String> HELP = List.of(
            "Commands:",
            "  /help                    this list",
            "  /quit                    leave",
            "  /who                     users on every reachable server",
            "  /nick <name>             change your nickname (letters and digits)",
            "  /tell <name> <text>      whisper to a user on any server",
            "  /me <action>             act",
            "  /reachable               servers reachable over the mesh",
            "  /peers                   directly linked servers",
            "  /oper <password>         become an operator",
            "  /kill <name>             disconnect a user (operator)",
            "  /peer-listen <host> <port>    accept peers (operator)",
            "  /peer-connect <host> <port>   link to a peer (operator)",
            "  /peer-kill <host> <port>      drop a peer link (operator)",
            "Anything else is said to everyone.");

    private final Chat chat;

    private final Mesh mesh;

    private final WhoService who;

    private final TellService tell;

    private final PeerControl peers;

    private final byte @Nullable [] operatorPassword;

    public CommandHandler(Chat chat, Mesh mesh, WhoService who, TellService tell, PeerControl peers,
            @Nullable String operatorPassword) {
        this.chat = chat;
        this.mesh = mesh;
        this.who = who;
        this.tell = tell;
        this.peers = peers;
        this.operatorPassword = operatorPassword == null || operatorPassword.isEmpty() ? null
                : operatorPassword.getBytes(StandardCharsets.UTF_8);
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
        String command = words[0];
        switch (command) {
            case "/help" -> HELP.forEach(session::send);
            case "/quit" -> session.close("Bye, " + session.name());
            case "/who" -> this.who.ask(session);
            case "/nick" -> nick(session, words);
            case "/tell" -> tell(session, line);
            case "/me" -> me(session, line);
            case "/reachable" -> reachable(session);
            case "/peers" -> peers(session);
            case "/oper" -> oper(session, words);
            case "/kill" -> ifOperator(session, command, () -> kill(session, words));
            case "/peer-listen" -> ifOperator(session, command, () -> withAddress(session, words,
                    (host, port) -> this.peers.listen(host, port, session::send)));
            case "/peer-connect" -> ifOperator(session, command, () -> withAddress(session, words,
                    (host, port) -> this.peers.connect(host, port, session::send)));
            case "/peer-kill" -> ifOperator(session, command, () -> withAddress(session, words,
                    (host, port) -> session.send(this.peers.disconnect(host, port) ? "Dropped peer " + host + ":" + port
                            : "No peer link to " + host + ":" + port)));
            default -> session.send("Unknown command: " + command + " (try /help)");
        }
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

    private void oper(ClientSession session, String[] words) {
        if (this.operatorPassword == null) {
            session.send("No operator password is configured: everyone may use operator commands");
            return;
        }
        if (words.length == 2
                && MessageDigest.isEqual(this.operatorPassword, words[1].getBytes(StandardCharsets.UTF_8))) {
            session.grantOperator();
            session.send("You are now an operator");
        }
        else {
            session.send("Wrong operator password");
        }
    }

    private void ifOperator(ClientSession session, String command, Runnable action) {
        if (this.operatorPassword != null && !session.operator()) {
            session.send("Permission denied: " + command + " needs operator rights (/oper <password>)");
            return;
        }
        action.run();
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
