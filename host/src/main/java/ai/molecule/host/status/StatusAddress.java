package ai.molecule.host.status;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the status endpoint listens: {@code HOST:PORT}, or {@code PORT} / {@code :PORT} for this
 * machine's loopback only. Unlike the Go convention, an empty host never means every interface: the
 * endpoint has no authentication, so listening beyond loopback must be asked for by name (such as
 * {@code 0.0.0.0:9464} in a container, where the kubelet probes the pod's address).
 *
 * @param host the host as given, or {@code null} for loopback
 * @param port the port, 0 for any free one
 */
public record StatusAddress(String host, int port) {

  /** The port the recipes in {@code deploy/} use, and {@code molecule status} asks by default. */
  public static final int DEFAULT_PORT = 9464;

  /** Parses {@code HOST:PORT}, {@code :PORT} or {@code PORT}; an IPv6 host goes in brackets. */
  public static StatusAddress parse(String text) {
    String value = text == null ? "" : text.strip();
    String host = null;
    String port = value;
    if (value.startsWith("[") && value.contains("]:")) {
      host = value.substring(1, value.indexOf("]:"));
      port = value.substring(value.indexOf("]:") + 2);
    } else if (value.contains(":")) {
      int colon = value.lastIndexOf(':');
      host = value.substring(0, colon);
      port = value.substring(colon + 1);
      if (host.contains(":")) {
        throw new IllegalArgumentException("put an IPv6 address in brackets, such as [::1]:" + port);
      }
    }
    if (host != null && host.isEmpty()) {
      host = null;
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (number < 0 || number > 65535) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (such as 127.0.0.1:" + DEFAULT_PORT
          + ", or 0.0.0.0:" + DEFAULT_PORT + " to listen on every interface)");
    }
    return new StatusAddress(host, number);
  }

  /** The socket address to bind. */
  public InetSocketAddress socketAddress() throws UnknownHostException {
    return new InetSocketAddress(host == null ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host), port);
  }

  /** Whether it listens beyond this machine. */
  public boolean beyondLoopback() throws UnknownHostException {
    return !socketAddress().getAddress().isLoopbackAddress();
  }

  /** The host:port to connect to (loopback for a wildcard bind). */
  public String forClient() {
    String name = host == null || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    return (name.contains(":") ? "[" + name + "]" : name) + ":" + port;
  }

  @Override
  public String toString() {
    return (host == null ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
