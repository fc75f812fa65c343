/** Structure rules (ArchUnit) shared by every module's architecture test. */
@NullMarked
package dev.msgsuite.testsupport.architecture;

import org.jspecify.annotations.NullMarked;
