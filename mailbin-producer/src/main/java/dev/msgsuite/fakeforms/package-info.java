/**
 * The fake-form producer: a separate application that feeds mailbin's Kafka topic with
 * generated submissions. Its own package, outside {@code dev.msgsuite.mailbin}, so the
 * service's component scan never picks it up when both share a classpath.
 */
@NullMarked
package dev.msgsuite.fakeforms;

import org.jspecify.annotations.NullMarked;
