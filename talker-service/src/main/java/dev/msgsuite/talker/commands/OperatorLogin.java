package dev.msgsuite.talker.commands;

import dev.msgsuite.talker.chat.ClientSession;
import dev.msgsuite.talker.ops.TalkerMetrics;
import org.jspecify.annotations.Nullable;

/**
 * {@code /oper}: throttled per client address, the password compared off the event loop. Without
 * a configured password there is no operator at all. Confined to the server's event loop.
 */
public final class OperatorLogin {

    static final String NOT_AVAILABLE = "Operator commands are not available on this server";

    private final @Nullable PasswordCheck password;

    private final OperatorThrottle throttle;

    private final TalkerMetrics metrics;

    /**
     * @param password the check against the configured hash; {@code null} when none is configured
     */
    public OperatorLogin(@Nullable PasswordCheck password, OperatorThrottle throttle, TalkerMetrics metrics) {
        this.password = password;
        this.throttle = throttle;
        this.metrics = metrics;
    }

    public boolean available() {
        return this.password != null;
    }

    void login(ClientSession session, String[] words) {
        PasswordCheck check = this.password;
        if (check == null) {
            session.send(NOT_AVAILABLE);
            return;
        }
        if (words.length != 2) {
            session.send("Usage: /oper <password>");
            return;
        }
        if (session.operator()) {
            session.send("You are already an operator");
            return;
        }
        String host = session.remoteHost();
        switch (this.throttle.admit(host)) {
            case OperatorThrottle.Admission.Locked locked -> {
                this.metrics.operatorLogin("throttled");
                session.send("Too many wrong operator passwords from your address: try again in "
                        + Math.max(1, (locked.retryIn().toMillis() + 999) / 1000) + " s");
            }
            case OperatorThrottle.Admission.Pending _ -> {
                this.metrics.operatorLogin("throttled");
                session.send("Your address's previous operator password is still being checked: wait for its answer");
            }
            case OperatorThrottle.Admission.Admitted _ -> check.check(words[1], verdict -> {
                switch (verdict) {
                    case MATCH -> {
                        this.throttle.succeeded(host);
                        this.metrics.operatorLogin("granted");
                        if (session.open()) {
                            session.grantOperator();
                            session.send("You are now an operator");
                        }
                    }
                    case MISMATCH -> {
                        this.throttle.failed(host);
                        this.metrics.operatorLogin("wrong");
                        session.send("Wrong operator password");
                    }
                    case BUSY -> {
                        this.throttle.abandoned(host);
                        this.metrics.operatorLogin("busy");
                        session.send("The server is busy checking operator passwords: try again in a moment");
                    }
                }
            });
        }
    }
}
