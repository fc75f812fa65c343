package dev.msgsuite.talker.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.msgsuite.talker.commands.PasswordCheck.Verdict;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Bcrypt runs on its own thread; verdicts come back through the answering executor. */
class BcryptPasswordCheckTests {

    private final ExecutorService loop = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("loop").factory());

    private final List<String> answers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopLoop() {
        this.loop.shutdownNow();
    }

    @Test
    void comparesOffTheCallersThreadAndAnswersOnTheLoop() {
        BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);
        try (BcryptPasswordCheck check = new BcryptPasswordCheck(encoder, encoder.encode("sesame"), this.loop, 4)) {
            check.check("sesame", this::record);
            check.check("guess", this::record);

            await().untilAsserted(() -> assertThat(this.answers).containsExactly("MATCH on loop", "MISMATCH on loop"));
        }
    }

    @Test
    void attemptsBeyondTheQueueAreBusyAtOnceInsteadOfWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PasswordEncoder slow = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                try {
                    return release.await(10, TimeUnit.SECONDS) && "sesame".contentEquals(raw);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        };
        try (BcryptPasswordCheck check = new BcryptPasswordCheck(slow, "unused", this.loop, 1)) {
            // The first check goes straight to the worker thread, the second waits in the queue of one.
            check.check("sesame", this::record);
            check.check("a", this::record);
            check.check("b", verdict -> this.answers.add(verdict + " at once on " + Thread.currentThread().getName()));
            check.check("c", verdict -> this.answers.add(verdict + " at once on " + Thread.currentThread().getName()));

            String caller = Thread.currentThread().getName();
            assertThat(this.answers).containsExactly("BUSY at once on " + caller, "BUSY at once on " + caller);
            release.countDown();
            await().untilAsserted(() -> assertThat(this.answers).contains("MATCH on loop", "MISMATCH on loop"));
        }
    }

    private void record(Verdict verdict) {
        this.answers.add(verdict + " on " + Thread.currentThread().getName());
    }
}
