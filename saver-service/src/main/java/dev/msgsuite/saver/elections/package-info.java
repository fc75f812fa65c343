/** Elections: upload (validated), read; nodes fetch unknown ones here. */
@NullMarked
package dev.msgsuite.saver.elections;

import org.jspecify.annotations.NullMarked;
