package dev.msgsuite.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of this process and of the server under test, read from
 * {@code /proc}, so a report can show whether the load client or the server was the limit.
 */
final class ProcessStats {

    /** Kernel clock ticks per second for /proc/PID/stat times; 100 on every Linux we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    /** CPU seconds used so far by this JVM. */
    static double selfCpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    /** CPU seconds used so far by process {@code pid}, or NaN when it cannot be read. */
    static double cpuSeconds(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[11] = utime, fields[12] = stime (fields 14 and 15 of proc(5), counted after the name)
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        }
        catch (IOException | RuntimeException ex) {
            return Double.NaN;
        }
    }

    /** Resident set size of process {@code pid} in MiB, or NaN when it cannot be read. */
    static double rssMiB(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return Double.NaN;
        }
        catch (IOException | RuntimeException ex) {
            return Double.NaN;
        }
    }
}
