/**
 * The skill bus wire contract: what bus-server and its clients (skillbus-client, skillbus.js)
 * both encode or decode, kept in one place so the two sides cannot drift apart. Plain Java, no
 * dependencies: subprotocol name, control ops, error codes, close codes, the delivery frame's
 * header and the naming rules of skills. docs/protocol.md describes the protocol itself.
 */
@NullMarked
package dev.msgsuite.skillbus.protocol;

import org.jspecify.annotations.NullMarked;
