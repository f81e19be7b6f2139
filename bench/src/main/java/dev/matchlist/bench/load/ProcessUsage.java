package dev.matchlist.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time and resident memory of a process, read from Linux's {@code /proc}: this JVM's own when
 * the server runs in-process, or another local process's by pid. Unavailable figures are empty
 * rather than guessed.
 */
final class ProcessUsage {
  // USER_HZ: 100 on every Linux architecture the JDK runs on.
  private static final long NANOS_PER_TICK = 10_000_000L;

  private final long pid;

  ProcessUsage(long pid) {
    this.pid = pid;
  }

  static ProcessUsage self() {
    return new ProcessUsage(ProcessHandle.current().pid());
  }

  /** User + system CPU time consumed so far, in nanoseconds. */
  OptionalLong cpuNanos() {
    if (pid == ProcessHandle.current().pid()
        && ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os) {
      return OptionalLong.of(os.getProcessCpuTime());
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the command name (which may hold spaces) start after the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return OptionalLong.of(ticks * NANOS_PER_TICK);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** Resident memory now (VmRSS), in bytes. */
  OptionalLong residentBytes() {
    return statusKilobytes("VmRSS:");
  }

  /** The most resident memory so far (VmHWM), in bytes. */
  OptionalLong peakResidentBytes() {
    return statusKilobytes("VmHWM:");
  }

  private OptionalLong statusKilobytes(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          String kb = line.substring(field.length()).trim().split("\\s+")[0];
          return OptionalLong.of(Long.parseLong(kb) * 1024);
        }
      }
      return OptionalLong.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
