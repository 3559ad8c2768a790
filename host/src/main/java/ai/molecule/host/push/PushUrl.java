package ai.molecule.host.push;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The push URL, checked here against the platform's rules (platform-api.md, "Push mode") so that a
 * URL that cannot work is said to be so, in one line, before the platform refuses it: what it always
 * refuses is an error; what only some platforms accept (loopback, private ranges, {@code localhost})
 * is a warning that says which.
 */
public final class PushUrl {

  /** Resolves a host name; tests give their own. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private record Range(String name, byte[] prefix, int bits) {
    static Range of(String name, String cidr) {
      int slash = cidr.indexOf('/');
      try {
        return new Range(name, InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
            Integer.parseInt(cidr.substring(slash + 1)));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(cidr, e);
      }
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != prefix.length) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((bytes[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private static final List<Range> REFUSED = List.of(
      Range.of("link-local", "169.254.0.0/16"), Range.of("link-local", "fe80::/10"),
      Range.of("TEST-NET-1", "192.0.2.0/24"), Range.of("TEST-NET-2", "198.51.100.0/24"),
      Range.of("TEST-NET-3", "203.0.113.0/24"), Range.of("carrier-grade NAT (Tailscale too)", "100.64.0.0/10"),
      Range.of("multicast", "224.0.0.0/4"), Range.of("fc00::/8", "fc00::/8"),
      Range.of("documentation", "2001:db8::/32"));
  private static final List<Range> PRIVATE = List.of(Range.of("RFC 1918", "10.0.0.0/8"),
      Range.of("RFC 1918", "172.16.0.0/12"), Range.of("RFC 1918", "192.168.0.0/16"),
      Range.of("fd00::/8", "fd00::/8"));

  private PushUrl() {}

  /** {@link #check(String, boolean, Resolver)} with this machine's name resolution. */
  public static List<String> check(String url, boolean allowUnauthenticated) throws MoleculeException {
    return check(url, allowUnauthenticated, InetAddress::getAllByName);
  }

  /**
   * What is wrong with the URL, as warnings; a URL the platform always refuses is a usage error.
   *
   * @param allowUnauthenticated {@code --allow-unauthenticated-calls}: only for a URL that is a private address
   */
  static List<String> check(String url, boolean allowUnauthenticated, Resolver resolver) throws MoleculeException {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw usage("--public-url '" + url + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw usage("--public-url '" + url + "' must be an https:// (or http://) URL that names a host");
    }
    if (uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw usage("--public-url '" + url + "' must have no #fragment and no user: the platform calls it as it is");
    }
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
        : uri.getHost();
    boolean literal = host.matches("[0-9.]+") || host.contains(":");
    List<String> warnings = new ArrayList<>();
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw usage("--public-url names " + host + ", which does not resolve here; the platform resolves it at"
          + " registration and refuses a name it cannot resolve");
    }
    boolean privateAddress = false;
    for (InetAddress address : addresses) {
      for (Range range : REFUSED) {
        if (range.contains(address)) {
          throw usage("--public-url " + host + " resolves to " + address.getHostAddress() + " (" + range.name()
              + "), which the platform always refuses; use a public https name");
        }
      }
      if (address.isLoopbackAddress()) {
        privateAddress = true;
        if (!host.equalsIgnoreCase("localhost")) {
          warnings.add("--public-url " + host + " is a loopback address: only a platform run with MOLECULE_ENV=dev"
              + " accepts it (a sandbox on this machine does)");
        }
      } else if (PRIVATE.stream().anyMatch(range -> range.contains(address))) {
        privateAddress = true;
        warnings.add("--public-url " + host + " is a private address (" + address.getHostAddress() + "): only a"
            + " hosted platform in the same network accepts it");
      }
    }
    if (host.equalsIgnoreCase("localhost") || host.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
      warnings.add("--public-url names localhost: the platform registers it, but outside dev mode every call fails"
          + " (the sender gets 502 'workspace URL is not publicly routable'); use a public https name");
    }
    boolean bearerSent = !(literal && privateAddress);
    if (allowUnauthenticated && bearerSent) {
      throw usage("--allow-unauthenticated-calls is only for a URL that is a private address, where the platform"
          + " sends no bearer; to " + host + " it sends one, so leave the option out");
    }
    if (!bearerSent && !allowUnauthenticated) {
      warnings.add("the platform sends no bearer to a private address unless it runs with"
          + " MOLECULE_A2A_ALWAYS_AUTH=1: molecule refuses calls without one; pass --allow-unauthenticated-calls"
          + " to accept them");
    }
    if (allowUnauthenticated) {
      warnings.add("--allow-unauthenticated-calls: calls without a bearer are accepted, so anyone who reaches "
          + uri.getAuthority() + " can make this agent run a turn; keep it on a network you trust");
    }
    if (scheme.equals("http") && !privateAddress) {
      warnings.add("--public-url is http://: the platform's calls, and the bearer they carry, cross the network in"
          + " clear text; use https:// (behind a proxy, or with --tls-cert and --tls-key)");
    }
    return warnings;
  }

  private static MoleculeException usage(String message) {
    return new MoleculeException(ExitCode.USAGE, message);
  }
}
