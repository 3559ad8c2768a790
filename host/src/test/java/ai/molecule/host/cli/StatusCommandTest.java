package ai.molecule.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import ai.molecule.host.engine.WorkspaceObserver.State;
import ai.molecule.host.status.OperatorViews;
import ai.molecule.host.status.StatusAddress;
import ai.molecule.host.status.StatusServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {

  @TempDir Path config;

  @Test
  void printsEveryWorkspaceAsATable() throws Exception {
    OperatorViews views = new OperatorViews(Clock.systemUTC(), Duration.ofSeconds(70), true);
    views.observer().stateChanged("ws-connected", State.CONNECTED, "registered with http://platform (poll mode)");
    views.observer().heartbeatAccepted("ws-connected");
    views.observer().polled("ws-connected", 0);
    views.observer().stateChanged("ws-parked", State.PARKED, "the token was refused (401)");
    views.observer().restarted("ws-parked", 3);
    try (StatusServer server = views.serve(StatusAddress.parse("0"), views.board())) {
      String address = "127.0.0.1:" + server.address().getPort();
      CliRun run = CliRun.run(config, Map.of("MOLECULE_STATUS_ADDR", address), "status");
      assertEquals(0, run.exitCode(), run.stderr());
      List<String> lines = run.out().lines().toList();
      assertEquals(3, lines.size(), run.out());
      assertTrue(lines.get(0).matches("WORKSPACE +STATE +READY +HEARTBEAT +POLL +RESTARTS +REASON"), lines.get(0));
      assertTrue(lines.get(1).matches("ws-connected +connected +yes +\\d+ s ago +\\d+ s ago +0 +registered with .*"),
          lines.get(1));
      assertTrue(lines.get(2).matches("ws-parked +parked +yes +never +never +3 +the token was refused \\(401\\)"),
          lines.get(2));
    }
  }

  @Test
  void nothingListeningIsOneLineThatSaysWhatToDo() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    CliRun run = CliRun.run(config, Map.of(), "status", "--status-addr", String.valueOf(port));
    assertEquals(ExitCode.UNREACHABLE.code(), run.exitCode());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().startsWith("molecule: nothing listens on 127.0.0.1:" + port + ": start 'molecule connect'"),
        run.err());
  }

  @Test
  void aBadAddressIsAUsageError() throws Exception {
    CliRun run = CliRun.run(config, Map.of(), "status", "--status-addr", "somewhere");
    assertEquals(ExitCode.USAGE.code(), run.exitCode());
    assertTrue(run.err().contains("--status-addr: 'somewhere' is not HOST:PORT"), run.err());
    CliRun connect = CliRun.run(config, Map.of(), "connect", "6f1f5e1e-8a0c-4a47-9a0c-3b1a7b0c9d11",
        "--status-addr", "nowhere:x");
    assertEquals(ExitCode.USAGE.code(), connect.exitCode(), connect.stderr());
    assertTrue(connect.err().contains("--status-addr: 'nowhere:x' is not HOST:PORT"), connect.err());
  }
}
