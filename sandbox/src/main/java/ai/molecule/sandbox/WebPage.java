package ai.molecule.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The operator's web page: one HTML file, a script and a style sheet, served from the jar. */
final class WebPage {

  private static final Map<String, String> FILES = Map.of(
      "/", "index.html",
      "/app.js", "app.js",
      "/app.css", "app.css");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8");
  /** Only the page's own files and calls: nothing from a CDN, no inline script. */
  private static final String POLICY =
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'";

  void addRoutes(Router router) {
    FILES.forEach((path, name) -> {
      Response page = Response.bytes(TYPES.get(name.substring(name.lastIndexOf('.') + 1)), load(name))
          .withHeader("Content-Security-Policy", POLICY)
          .withHeader("X-Content-Type-Options", "nosniff")
          .withHeader("Cache-Control", "no-cache");
      router.add("GET", path, request -> page);
    });
  }

  private static byte[] load(String name) {
    try (InputStream in = WebPage.class.getResourceAsStream("web/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the sandbox jar lacks web/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
