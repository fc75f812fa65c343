/**
 * Real brokers and databases for the suite's integration tests. Import
 * {@link dev.msgsuite.testsupport.RabbitTestBroker}, {@link dev.msgsuite.testsupport.PostgresTestDatabase}
 * or {@link dev.msgsuite.testsupport.KafkaTestBroker} into a test: with a Docker engine they are
 * Testcontainers with {@code @ServiceConnection}; without one, the local RabbitMQ and PostgreSQL
 * services and an embedded KRaft Kafka broker. If neither is there the test fails and says
 * what is missing; it is never skipped.
 */
@NullMarked
package dev.msgsuite.testsupport;

import org.jspecify.annotations.NullMarked;
