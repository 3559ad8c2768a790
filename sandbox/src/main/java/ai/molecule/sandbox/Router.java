package ai.molecule.sandbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Maps a method and a path such as {@code /workspaces/{id}/activity} to a handler. */
final class Router {

  /** Answers one routed request. */
  @FunctionalInterface
  interface Handler {
    Response handle(Request request) throws InterruptedException;
  }

  private record Route(String method, String[] segments, Handler handler) {}

  private final List<Route> routes = new ArrayList<>();

  Router add(String method, String pattern, Handler handler) {
    routes.add(new Route(method, split(pattern), handler));
    return this;
  }

  /** The handler's answer; 404 for a path no route knows, 405 for a method it does not take. */
  Response dispatch(Request request) throws InterruptedException {
    String[] segments = split(request.path());
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Map<String, String> params = match(route.segments(), segments);
      if (params == null) {
        continue;
      }
      if (route.method().equals(request.method())) {
        return route.handler().handle(request.withParams(params));
      }
      allowed.add(route.method());
    }
    if (!allowed.isEmpty()) {
      return Response.error(405, request.method() + " is not allowed on " + request.path())
          .withHeader("Allow", String.join(", ", allowed));
    }
    return Response.error(404, "no such endpoint: " + request.method() + " " + request.path());
  }

  private static Map<String, String> match(String[] pattern, String[] path) {
    if (pattern.length != path.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < pattern.length; i++) {
      String p = pattern[i];
      if (p.startsWith("{") && p.endsWith("}")) {
        if (path[i].isEmpty()) {
          return null;
        }
        params.put(p.substring(1, p.length() - 1), path[i]);
      } else if (!p.equals(path[i])) {
        return null;
      }
    }
    return params;
  }

  /** Path segments, decoded; {@code "/"} is one empty segment. */
  private static String[] split(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    String[] parts = trimmed.split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      parts[i] = Request.decode(parts[i]);
    }
    return parts;
  }
}
