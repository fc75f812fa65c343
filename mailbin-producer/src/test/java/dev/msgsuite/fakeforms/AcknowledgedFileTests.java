package dev.msgsuite.fakeforms;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcknowledgedFileTests {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    @Test
    void writesTheCountOnceKafkaAcknowledgedSomething() throws IOException {
        Path file = this.dir.resolve("acknowledged");
        AcknowledgedFile acknowledged = new AcknowledgedFile(file);

        acknowledged.update(0, 0);
        assertThat(file).content().isEqualTo("0\n");
        acknowledged.update(7, 2 * SECOND);

        assertThat(file).content().isEqualTo("7\n");
        assertThat(this.dir).isDirectoryNotContaining("glob:**.next");
    }

    @Test
    void leavesTheFileToAgeWhileNothingMoreIsAcknowledged() throws IOException {
        Path file = this.dir.resolve("acknowledged");
        AcknowledgedFile acknowledged = new AcknowledgedFile(file);
        acknowledged.update(3, 0);
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, old);

        acknowledged.update(3, 10 * SECOND);
        acknowledged.update(3, 60 * SECOND);

        assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
    }

    @Test
    void writesAtMostOnceASecond() {
        Path file = this.dir.resolve("acknowledged");
        AcknowledgedFile acknowledged = new AcknowledgedFile(file);

        acknowledged.update(1, 0);
        acknowledged.update(2, SECOND / 2);
        assertThat(file).content().isEqualTo("1\n");

        acknowledged.update(3, SECOND);
        assertThat(file).content().isEqualTo("3\n");
    }

    @Test
    void writesNothingWithoutAFileConfigured() {
        new AcknowledgedFile(null).update(5, 0);

        assertThat(this.dir).isEmptyDirectory();
    }
}
