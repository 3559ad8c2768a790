package ai.molecule.sandbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A headless Chromium for a test, driven over the DevTools protocol: no WebDriver, no extra
 * library. Found on the PATH (or named by {@code MOLECULE_CHROMIUM}); on Debian,
 * {@code apt-get install chromium}.
 */
public final class Chromium implements AutoCloseable {

  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
  private static final Duration START_WITHIN = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final int port;

  private Chromium(Process process, Path profile, int port) {
    this.process = process;
    this.profile = profile;
    this.port = port;
  }

  /** The browser to use: {@code MOLECULE_CHROMIUM}, else the first of the usual names on the PATH. */
  public static Optional<Path> find() {
    String named = System.getenv("MOLECULE_CHROMIUM");
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named)).filter(Files::isExecutable);
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String name : NAMES) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Starts the browser on {@code url} with a fresh profile (and its temporary files) under
   * {@code profile}, a fixed window size, and DevTools on a free port.
   */
  public static Chromium launch(Path binary, Path profile, URI url) throws IOException, InterruptedException {
    Path log = profile.resolve("chromium.log");
    Path temp = Files.createDirectories(profile.resolve("tmp"));
    ProcessBuilder builder = new ProcessBuilder(
        binary.toString(),
        "--headless",
        "--no-sandbox", // root in a container has no user namespace sandbox
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--window-size=1360,900",
        "--user-data-dir=" + profile.resolve("profile"),
        "--remote-debugging-port=0",
        url.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("TMPDIR", temp.toString()); // its sockets and locks stay in the test's directory
    Process process = builder.start();
    Path portFile = profile.resolve("profile").resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + START_WITHIN.toNanos();
    while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        Chromium failed = new Chromium(process, profile, 0);
        failed.close();
        throw new IOException("chromium did not start; its output:\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
      Thread.sleep(20);
    }
    int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
    return new Chromium(process, profile, port);
  }

  /** A DevTools session with the tab that was opened on the start URL. */
  public DevTools page() throws IOException, InterruptedException {
    HttpResponse<String> targets = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString());
    for (JsonElement target : JsonParser.parseString(targets.body()).getAsJsonArray()) {
      if ("page".equals(target.getAsJsonObject().get("type").getAsString())) {
        return DevTools.connect(URI.create(target.getAsJsonObject().get("webSocketDebuggerUrl").getAsString()));
      }
    }
    throw new IOException("chromium has no page open: " + targets.body());
  }

  public Path log() {
    return profile.resolve("chromium.log");
  }

  /** Ends the browser and every process it started, and waits for them, so the profile can go. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      for (ProcessHandle child : children) {
        child.onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }
}
