package ai.molecule.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import ai.molecule.host.platform.Secrets;
import ai.molecule.host.status.OperatorViews;
import ai.molecule.host.status.StatusAddress;
import ai.molecule.host.status.StatusServer;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The recipes in deploy/: each parsed, and checked against the real endpoints, options and exit codes. */
class DeploymentRecipesTest {

  private static final Path ROOT = Path.of(System.getProperty("molecule.root", ".."));
  private static final Path DEPLOY = ROOT.resolve("deploy");
  private static final String STATE = "/var/lib/molecule";

  @TempDir Path home;

  // ---- systemd

  /** The unit's keys, by section; a key given twice keeps every value. */
  private static Map<String, Map<String, List<String>>> unit(String text) {
    Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
    Map<String, List<String>> section = null;
    for (String raw : text.lines().toList()) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[")) {
        section = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new LinkedHashMap<>());
        continue;
      }
      int eq = line.indexOf('=');
      assertTrue(eq > 0 && section != null, "not a unit line: " + raw);
      section.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
    }
    return sections;
  }

  @Test
  void theSystemdUnitIsHardenedRestartsOnlyWhatARestartMendsAndKeepsTokensOutOfItself() throws Exception {
    String text = Files.readString(DEPLOY.resolve("systemd/molecule-serve.service"));
    Map<String, List<String>> service = unit(text).get("Service");
    List<String> exec = Arrays.asList(service.get("ExecStart").get(0).split(" "));
    assertEquals(List.of("/opt/molecule/bin/molecule", "serve", "/etc/molecule/serve.properties"), exec.subList(0, 3));
    StatusAddress status = StatusAddress.parse(exec.get(exec.indexOf("--status-addr") + 1));
    assertFalse(status.beyondLoopback(), "on a host, the unauthenticated endpoint stays on loopback");
    assertOptionsExist(exec.subList(3, exec.size()));

    assertEquals(List.of("on-failure"), service.get("Restart"));
    Set<Integer> prevented = Arrays.stream(service.get("RestartPreventExitStatus").get(0).split(" "))
        .map(Integer::valueOf).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of(ExitCode.USAGE.code(), ExitCode.AUTH.code(), ExitCode.NO_SUCH_BACKEND.code(),
        ExitCode.REJECTED.code()), prevented, "the exit codes a restart cannot mend");
    assertFalse(prevented.contains(ExitCode.UNREACHABLE.code()), "an unreachable platform is worth a restart");

    assertEquals(List.of("molecule"), service.get("StateDirectory"));
    assertTrue(service.get("Environment").contains("MOLECULE_STATE_DIR=" + STATE), service.toString());
    assertTrue(service.get("LoadCredential").get(0).startsWith("tokens:/etc/molecule/"), "tokens as credentials");
    for (String hardening : List.of("NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp", "DynamicUser")) {
      assertNotNull(service.get(hardening), hardening);
    }
    assertNoToken(text);

    Path verify = which("systemd-analyze");
    if (verify == null) {
      skipLoudly("systemd-analyze is not installed: the unit was not verified by systemd");
    }
    // systemd checks that ExecStart exists: point it at the distribution just built, same layout.
    Path launcher = Path.of(System.getProperty("molecule.dist", "target/molecule")).toAbsolutePath()
        .resolve("bin/molecule");
    Path copy = home.resolve("molecule-serve.service");
    Files.writeString(copy, text.replace("/opt/molecule/bin/molecule", launcher.toString()));
    Process process = new ProcessBuilder(verify.toString(), "verify", copy.toString()).redirectErrorStream(true)
        .start();
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), said);
    assertEquals("", said.strip(), "systemd-analyze verify has something to say");
  }

  // ---- Kubernetes

  @SuppressWarnings("unchecked")
  private static <T> T at(Object node, String... path) {
    Object here = node;
    for (String key : path) {
      assertTrue(here instanceof Map, "no map at " + key + " in " + here);
      here = ((Map<String, Object>) here).get(key);
      assertNotNull(here, "no " + String.join(".", path));
    }
    return (T) here;
  }

  @Test
  void theStatefulSetProbesTheRealEndpointsOnTheRealPortKeepsStateOnItsVolumeAndTokensInASecret() throws Exception {
    String text = Files.readString(DEPLOY.resolve("kubernetes/molecule-serve.yaml"));
    assertNoToken(text);
    List<Map<String, Object>> documents = new ArrayList<>();
    new Yaml().loadAll(text).forEach(d -> documents.add(at(d)));
    for (Map<String, Object> document : documents) {
      assertNotEquals("Secret", document.get("kind"), "a Secret in the manifest would hold the tokens in plain text");
    }
    Map<String, Object> set = documents.stream().filter(d -> "StatefulSet".equals(d.get("kind"))).findFirst()
        .orElseThrow();
    Map<String, Object> pod = at(set, "spec", "template", "spec");
    List<Map<String, Object>> containers = at(pod, "containers");
    assertEquals(1, containers.size());
    Map<String, Object> container = containers.get(0);
    List<String> args = at(container, "args");
    assertEquals(List.of("serve", "/etc/molecule/serve.properties"), args.subList(0, 2));
    assertOptionsExist(args.subList(2, args.size()));
    StatusAddress status = StatusAddress.parse(args.get(args.indexOf("--status-addr") + 1));
    assertTrue(status.beyondLoopback(), "the kubelet probes the pod's address, not its loopback");

    List<Map<String, Object>> ports = at(container, "ports");
    Map<String, Object> port = ports.stream().filter(p -> p.get("containerPort").equals(status.port())).findFirst()
        .orElseThrow(() -> new AssertionError("no containerPort " + status.port() + " in " + ports));
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      Object probePort = at(container, probe, "httpGet", "port");
      assertTrue(probePort.equals(port.get("name")) || probePort.equals(status.port()), probe + " port " + probePort);
    }
    assertEquals("/healthz", at(container, "livenessProbe", "httpGet", "path"));
    assertEquals("/readyz", at(container, "readinessProbe", "httpGet", "path"));
    assertEndpointsAnswer(List.of(at(container, "livenessProbe", "httpGet", "path"),
        at(container, "readinessProbe", "httpGet", "path"), "/metrics"));

    Map<String, String> annotations = at(set, "spec", "template", "metadata", "annotations");
    assertEquals("true", annotations.get("prometheus.io/scrape"));
    assertEquals(String.valueOf(status.port()), annotations.get("prometheus.io/port"));
    assertEquals("/metrics", annotations.get("prometheus.io/path"));

    // State: the serve file's state_dir, the environment's, and the claim's mount are one path.
    Map<String, Object> configMap = documents.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst()
        .orElseThrow();
    Properties serve = new Properties();
    serve.load(new StringReader(at(configMap, "data", "serve.properties")));
    assertEquals(STATE, serve.getProperty("state_dir"));
    List<Map<String, Object>> env = at(container, "env");
    for (Map<String, Object> variable : env) {
      if (variable.get("name").equals("MOLECULE_STATE_DIR")) {
        assertEquals(STATE, variable.get("value"));
      }
      assertFalse(variable.get("name").toString().contains("TOKEN") && variable.containsKey("value"),
          "a token variable must come from a Secret (valueFrom), never a value: " + variable);
    }
    List<Map<String, Object>> mounts = at(container, "volumeMounts");
    List<Map<String, Object>> claims = at(set, "spec", "volumeClaimTemplates");
    String claim = at(claims.get(0), "metadata", "name");
    assertTrue(mounts.stream().anyMatch(m -> m.get("name").equals(claim) && m.get("mountPath").equals(STATE)),
        "the state path is on the claimed volume: " + mounts);

    // Tokens: every token file lies on a volume of a Secret, mounted read-only.
    List<Map<String, Object>> volumes = at(pod, "volumes");
    Set<String> secretVolumes = volumes.stream().filter(v -> v.containsKey("secret")).map(v -> (String) v.get("name"))
        .collect(Collectors.toSet());
    List<String> tokenFiles = serve.stringPropertyNames().stream().filter(k -> k.endsWith("token_file"))
        .map(serve::getProperty).toList();
    assertFalse(tokenFiles.isEmpty());
    for (String file : tokenFiles) {
      assertTrue(mounts.stream().anyMatch(m -> secretVolumes.contains(m.get("name"))
          && Boolean.TRUE.equals(m.get("readOnly")) && file.startsWith(m.get("mountPath") + "/")),
          file + " is not on a read-only Secret volume");
    }
  }

  // ---- the container image

  @Test
  void theContainerfileIsBuiltOnTheTarballAndRunsServeOnTheExposedPortWithStateOnItsVolume() throws Exception {
    String text = Files.readString(DEPLOY.resolve("container/Containerfile"));
    assertNoToken(text);
    Map<String, String> instructions = new LinkedHashMap<>();
    String base = null;
    for (String line : text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
      String[] parts = line.split("\\s+", 2);
      instructions.merge(parts[0], parts.length > 1 ? parts[1] : "", (a, b) -> a + "\n" + b);
      if (parts[0].equals("ARG") && parts[1].startsWith("BASE=")) {
        base = parts[1].substring("BASE=".length());
      }
    }
    assertNotNull(base);
    assertFalse(base.contains("/") && base.substring(0, base.indexOf('/')).contains("."),
        "the image names no registry host");
    String version = System.getProperty("molecule.version");
    String add = instructions.get("ADD");
    assertTrue(add.startsWith("molecule-${VERSION}.tar.gz /opt/"), add);
    Path tarball = Path.of(System.getProperty("molecule.dist", "target/molecule")).resolveSibling(
        "molecule-" + version + ".tar.gz");
    Process tar = new ProcessBuilder("tar", "-tzf", tarball.toString()).redirectErrorStream(true).start();
    String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, listing);
    assertTrue(listing.lines().anyMatch(("molecule-" + version + "/bin/molecule")::equals),
        "the tarball unpacks to the path the image links /opt/molecule to");
    assertTrue(instructions.get("RUN").contains("ln -s /opt/molecule-${VERSION} /opt/molecule"));

    assertEquals("[\"/opt/molecule/bin/molecule\"]", instructions.get("ENTRYPOINT"));
    List<String> cmd = Arrays.stream(instructions.get("CMD").replaceAll("[\\[\\]\"]", "").split(","))
        .map(String::strip).toList();
    assertEquals(List.of("serve", "/etc/molecule/serve.properties"), cmd.subList(0, 2));
    assertOptionsExist(cmd.subList(2, cmd.size()));
    StatusAddress status = StatusAddress.parse(cmd.get(cmd.indexOf("--status-addr") + 1));
    assertEquals(String.valueOf(status.port()), instructions.get("EXPOSE"));
    assertEquals(STATE, instructions.get("VOLUME"));
    assertTrue(instructions.get("ENV").contains("MOLECULE_STATE_DIR=" + STATE));
    assertFalse(instructions.get("USER").startsWith("0") || instructions.get("USER").startsWith("root"));
  }

  // ---- helpers

  /** Each {@code --option} in {@code args} is one the built distribution's serve knows. */
  private void assertOptionsExist(List<String> args) throws Exception {
    Distribution.Result serve = new Distribution(home).run("serve", "--help");
    assertEquals(0, serve.exitCode(), serve.err());
    String help = serve.out();
    for (String arg : args) {
      if (arg.startsWith("--")) {
        assertTrue(help.contains(arg + "="), arg + " is not an option of molecule serve:\n" + help);
      }
    }
  }

  /** The real status endpoint serves these paths (200, or 503 for a not-ready /readyz): not a 404. */
  private static void assertEndpointsAnswer(List<String> paths) throws Exception {
    OperatorViews views = new OperatorViews(Clock.systemUTC(), Duration.ofSeconds(70), true);
    try (StatusServer server = views.serve(StatusAddress.parse("0"), views.board())) {
      HttpClient http = HttpClient.newHttpClient();
      for (String path : paths) {
        int code = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
            + path)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        assertTrue(code == 200 || code == 503 && path.equals("/readyz"), path + " answered " + code);
      }
    }
  }

  private static void assertNoToken(String text) {
    assertEquals(text, Secrets.scrub(text, null), "something shaped like a token is in the recipe");
    assertFalse(text.contains("MOLECULE_WORKSPACE_TOKEN"), "a token in the environment is visible to the host");
  }

  private static Path which(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  private static void skipLoudly(String why) {
    assertTrue(System.getenv("CI") == null, why + " (CI is set: install it, as .ci/run does)");
    System.err.println("SKIPPED: " + why);
    Assumptions.abort(why);
  }
}
