package ai.molecule.sandbox;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The platform's rules for a push workspace's URL (platform-api.md, "Push mode"): checked at
 * registration with a 400 that says why, and again at each dispatch, where a URL the platform
 * may not call (loopback or {@code localhost} outside dev mode) fails with 502.
 */
final class PushUrlRules {

  static final String NOT_ROUTABLE = "workspace URL is not publicly routable";

  private PushUrlRules() {}

  /**
   * The URL, when a platform in {@code devMode} (loopback allowed), {@code hosted} or not (private
   * ranges allowed), accepts it at registration.
   *
   * @throws HttpError 400 with the reason otherwise
   */
  static URI checkAtRegistration(String url, boolean devMode, boolean hosted) {
    URI uri = parse(url);
    if (isLocalhostName(uri.getHost())) {
      return uri; // passes registration; outside dev mode every dispatch fails
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw HttpError.badRequest("invalid push url: cannot resolve host " + uri.getHost());
    }
    for (InetAddress address : addresses) {
      refusal(address, devMode, hosted).ifPresent(reason -> {
        throw HttpError.badRequest("invalid push url: " + uri.getHost() + " (" + address.getHostAddress() + ") " + reason);
      });
    }
    return uri;
  }

  /** Why a dispatch to {@code url} fails before any connection, or empty when it may go. */
  static Optional<String> refusalAtDispatch(URI url, boolean devMode, boolean hosted) {
    if (isLocalhostName(url.getHost())) {
      return devMode ? Optional.empty() : Optional.of(NOT_ROUTABLE);
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
        if (refusal(address, devMode, hosted).isPresent()) {
          return Optional.of(NOT_ROUTABLE);
        }
      }
    } catch (UnknownHostException e) {
      return Optional.empty(); // the connection attempt reports it, as a DNS failure
    }
    return Optional.empty();
  }

  /**
   * Whether the platform sends its bearer: to any host name but its own tunnels, any address
   * that is not private, and always with {@code MOLECULE_A2A_ALWAYS_AUTH=1}.
   */
  static boolean bearerDue(URI url, boolean alwaysAuth) {
    if (alwaysAuth) {
      return true;
    }
    String host = stripBrackets(url.getHost());
    if (!isLiteral(host)) {
      return true;
    }
    try {
      InetAddress address = InetAddress.getByName(host);
      return !(address.isLoopbackAddress() || isPrivate(address));
    } catch (UnknownHostException e) {
      return true;
    }
  }

  private static URI parse(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw HttpError.badRequest("invalid push url: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw HttpError.badRequest("invalid push url: the scheme must be http or https, not '" + scheme + "'");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw HttpError.badRequest("invalid push url: it names no host");
    }
    return uri;
  }

  /** The reason an address is refused, or empty when it is allowed. */
  private static Optional<String> refusal(InetAddress address, boolean devMode, boolean hosted) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int a0 = b[0] & 0xff;
      int a1 = b[1] & 0xff;
      int a2 = b[2] & 0xff;
      if (a0 == 169 && a1 == 254) {
        return Optional.of("is link-local (169.254.0.0/16), always refused");
      }
      if ((a0 == 192 && a1 == 0 && a2 == 2) || (a0 == 198 && a1 == 51 && a2 == 100) || (a0 == 203 && a1 == 0 && a2 == 113)) {
        return Optional.of("is in a TEST-NET, always refused");
      }
      if (a0 == 100 && (a1 & 0xc0) == 64) {
        return Optional.of("is carrier-grade NAT (100.64.0.0/10, Tailscale among others), always refused");
      }
      if ((a0 & 0xf0) == 224) {
        return Optional.of("is multicast (224.0.0.0/4), always refused");
      }
    } else if (address instanceof Inet6Address) {
      if ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80) {
        return Optional.of("is link-local (fe80::/10), always refused");
      }
      if ((b[0] & 0xff) == 0xfc) {
        return Optional.of("is in fc00::/8, always refused");
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
        return Optional.of("is a documentation address (2001:db8::/32), always refused");
      }
    }
    if (address.isLoopbackAddress() && !devMode) {
      return Optional.of("is loopback, allowed only on a platform in dev mode (MOLECULE_ENV=dev)");
    }
    if (isPrivate(address) && !hosted) {
      return Optional.of("is private (RFC 1918 or fd00::/8), allowed only on hosted platforms");
    }
    return Optional.empty();
  }

  /** RFC 1918 and fd00::/8. */
  private static boolean isPrivate(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int a0 = b[0] & 0xff;
      int a1 = b[1] & 0xff;
      return a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168);
    }
    return (b[0] & 0xff) == 0xfd;
  }

  private static boolean isLocalhostName(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.endsWith(".localhost");
  }

  private static boolean isLiteral(String host) {
    return host.contains(":") || host.matches("[0-9.]+");
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
