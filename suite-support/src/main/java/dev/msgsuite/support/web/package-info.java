/** Web pieces the services share: server-sent event fan-out to browsers. */
@NullMarked
package dev.msgsuite.support.web;

import org.jspecify.annotations.NullMarked;
