/**
 * Runtime pieces every service of the suite shares: the suite's operational defaults
 * (actuator exposure, probes, graceful shutdown, connect timeouts), a one-line startup
 * report of what the service is connected to, database migration that waits for the
 * database instead of killing the process (and starts the listeners that need the schema once
 * it is there), and a Kafka health indicator.
 */
@NullMarked
package dev.msgsuite.support;

import org.jspecify.annotations.NullMarked;
