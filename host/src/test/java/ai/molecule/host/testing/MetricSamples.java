package ai.molecule.host.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of a Prometheus text exposition, for tests of {@code /metrics}. */
public final class MetricSamples {

  private MetricSamples() {}

  /** The value of the one sample of {@code name} for {@code workspace} whose labels contain {@code label}. */
  public static double sample(String exposition, String workspace, String name, String label) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(exposition);
    Double found = null;
    while (m.find()) {
      if (m.group(1).contains("workspace=\"" + workspace + "\"") && m.group(1).contains(label)) {
        if (found != null) {
          throw new AssertionError("two samples of " + name + " with " + label);
        }
        found = Double.parseDouble(m.group(2));
      }
    }
    if (found == null) {
      throw new AssertionError("no sample of " + name + " with " + label + " in\n" + exposition);
    }
    return found;
  }
}
