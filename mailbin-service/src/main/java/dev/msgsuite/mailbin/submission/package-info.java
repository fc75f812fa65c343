/**
 * What makes a submission acceptable, written once for both doors it comes in by: the HTTP
 * intake and Kafka records from other producers.
 */
@NullMarked
package dev.msgsuite.mailbin.submission;

import org.jspecify.annotations.NullMarked;
