package dev.msgsuite.talker.core;

import dev.msgsuite.support.logging.LogSafe;
import dev.msgsuite.talker.chat.Chat;
import dev.msgsuite.talker.chat.ClientConnection;
import dev.msgsuite.talker.chat.ClientSession;
import dev.msgsuite.talker.chat.Scheduler;
import dev.msgsuite.talker.chat.TellService;
import dev.msgsuite.talker.chat.WhoService;
import dev.msgsuite.talker.commands.Access;
import dev.msgsuite.talker.commands.CommandHandler;
import dev.msgsuite.talker.commands.OperatorLogin;
import dev.msgsuite.talker.commands.PeerControl;
import dev.msgsuite.talker.commands.PeerPolicy;
import dev.msgsuite.talker.mesh.Mesh;
import dev.msgsuite.talker.ops.TalkerMetrics;
import dev.msgsuite.talker.settings.TalkerProperties;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a talker server does, free of sockets: the transports call it from the server's one
 * event loop with connections, lines and peer links.
 */
public final class TalkerCore {

    private static final Logger log = LoggerFactory.getLogger(TalkerCore.class);

    private final Mesh mesh;

    private final Chat chat;

    private final CommandHandler commands;

    /**
     * @param operators the {@code /oper} login; its password check must answer on the caller's event loop
     */
    public TalkerCore(TalkerProperties properties, String serverId, long firstMessageId, Scheduler scheduler,
            PeerControl peers, OperatorLogin operators, TalkerMetrics metrics) {
        this(properties, serverId, firstMessageId, scheduler, peers, operators, metrics, System::currentTimeMillis);
    }

    /** @param clockMillis the wall clock the mesh checks message ids and waits for peers by */
    public TalkerCore(TalkerProperties properties, String serverId, long firstMessageId, Scheduler scheduler,
            PeerControl peers, OperatorLogin operators, TalkerMetrics metrics, LongSupplier clockMillis) {
        this.mesh = new Mesh(serverId, firstMessageId, metrics, clockMillis);
        this.chat = new Chat(this.mesh, metrics);
        WhoService who = new WhoService(this.mesh, this.chat, scheduler, properties.limits().networkTimeout());
        TellService tell = new TellService(this.mesh, this.chat, scheduler, properties.limits().networkTimeout());
        this.commands = new CommandHandler(this.chat, this.mesh, who, tell, peers, PeerPolicy.of(properties.peers()),
                operators, metrics);
    }

    public ClientSession connect(ClientConnection connection) {
        return this.chat.join(connection);
    }

    public void line(ClientSession session, String line) {
        if (!session.open()) {
            return;
        }
        try {
            this.commands.handle(session, line);
        }
        catch (RuntimeException ex) {
            // A bug must cost one line, never the connection or the server.
            log.error("Failed to handle a line from {}: {}", LogSafe.escape(session.name()), LogSafe.escape(line), ex);
            session.send("Error: the server failed to handle that line");
        }
    }

    public void disconnect(ClientSession session) {
        this.chat.leave(session);
    }

    /** Every client command and who may use it. */
    public Map<String, Access> commandAccess() {
        return this.commands.access();
    }

    public Mesh mesh() {
        return this.mesh;
    }

    public Chat chat() {
        return this.chat;
    }
}
