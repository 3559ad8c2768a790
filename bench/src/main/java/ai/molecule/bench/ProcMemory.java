package ai.molecule.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's memory as Linux counts it in {@code /proc/<pid>/status}.
 *
 * @param residentKib {@code VmRSS}: resident now
 * @param peakKib {@code VmHWM}: the most it was ever resident
 */
public record ProcMemory(long residentKib, long peakKib) {

  public static ProcMemory of(long pid) throws IOException {
    long resident = -1;
    long peak = -1;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
      if (line.startsWith("VmRSS:")) {
        resident = kib(line);
      } else if (line.startsWith("VmHWM:")) {
        peak = kib(line);
      }
    }
    if (resident < 0 || peak < 0) {
      throw new IOException("/proc/" + pid + "/status has no VmRSS or VmHWM (is this Linux?)");
    }
    return new ProcMemory(resident, peak);
  }

  public double residentMib() {
    return residentKib / 1024.0;
  }

  public double peakMib() {
    return peakKib / 1024.0;
  }

  /** {@code VmRSS:	   51234 kB} to 51234. */
  private static long kib(String line) {
    return Long.parseLong(line.substring(line.indexOf(':') + 1).replace("kB", "").strip());
  }
}
