package dev.msgsuite.bench;

import java.nio.charset.StandardCharsets;

/**
 * What a chat client says to join and to speak, for the talker and for IRC (ngIRCd). Speech
 * carries {@code @@<19-digit send time>#<speaker>} so any receiver can time it and skip its own.
 */
interface ChatDialect {

    /** Lines a new client sends to get a name and join the conversation. */
    String join(int client);

    /** The line that makes {@code client} say {@code text} to everyone. */
    String say(String text);

    /** The answer to a line the protocol requires one for (IRC PING), or null. */
    default String answer(String line) {
        return null;
    }

    static ChatDialect of(String name) {
        return switch (name) {
            case "talker" -> new Talker();
            case "irc" -> new Irc();
            default -> throw new IllegalArgumentException("unknown dialect: " + name);
        };
    }

    static byte[] bytes(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The suite's talker: a nickname, then every plain line is speech to all linked servers. */
    final class Talker implements ChatDialect {

        @Override
        public String join(int client) {
            return "/nick b" + client;
        }

        @Override
        public String say(String text) {
            return text;
        }
    }

    /** IRC: register, join one channel, speak with PRIVMSG. */
    final class Irc implements ChatDialect {

        static final String CHANNEL = "#bench";

        @Override
        public String join(int client) {
            return "NICK b" + client + "\r\nUSER b" + client + " 0 * :bench\r\nJOIN " + CHANNEL;
        }

        @Override
        public String say(String text) {
            return "PRIVMSG " + CHANNEL + " :" + text;
        }

        @Override
        public String answer(String line) {
            return line.startsWith("PING") ? "PONG" + line.substring(4) : null;
        }
    }
}
