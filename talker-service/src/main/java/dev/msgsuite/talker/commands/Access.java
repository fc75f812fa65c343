package dev.msgsuite.talker.commands;

/** Who may use a client command. */
public enum Access {

    /** Every connected user. */
    ANYONE,

    /** Every user, on a server with an operator password only: the {@code /oper} login. */
    OPERATOR_LOGIN,

    /** Users who gave the operator password; on a server without one, nobody. */
    OPERATOR
}
