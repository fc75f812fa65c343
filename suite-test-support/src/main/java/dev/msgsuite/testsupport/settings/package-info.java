/** Checks of the settings tables in the docs against the generated configuration metadata. */
@NullMarked
package dev.msgsuite.testsupport.settings;

import org.jspecify.annotations.NullMarked;
