/** HTTP error responses (problem details). */
@NullMarked
package dev.msgsuite.saver.web;

import org.jspecify.annotations.NullMarked;
