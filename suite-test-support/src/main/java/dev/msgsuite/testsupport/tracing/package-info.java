/** The spans a test's applications finish, kept in memory to assert one trace across services. */
@NullMarked
package dev.msgsuite.testsupport.tracing;

import org.jspecify.annotations.NullMarked;
