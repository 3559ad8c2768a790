package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.status.OperatorViews;
import ai.molecule.host.status.StatusAddress;
import ai.molecule.host.status.StatusServer;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --status-addr}: the status endpoint of {@code connect} (and {@code serve}), off unless given. */
final class StatusOptions {

  @Option(names = "--status-addr", paramLabel = "HOST:PORT",
      description = "Serve /healthz, /readyz, /metrics (Prometheus) and /status here (env MOLECULE_STATUS_ADDR; "
          + "config status_addr; default: off). PORT or :PORT listens on loopback only; listening beyond this "
          + "machine (such as 0.0.0.0:9464) must be asked for by address, and is unauthenticated.")
  String address;

  /** The address asked for, checked; empty when the endpoint is off. */
  Optional<StatusAddress> address() throws MoleculeException {
    if (address == null || address.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(parse(address));
  }

  static StatusAddress parse(String text) throws MoleculeException {
    try {
      return StatusAddress.parse(text);
    } catch (IllegalArgumentException e) {
      throw new MoleculeException(ExitCode.USAGE, "--status-addr: " + e.getMessage());
    }
  }

  /** Starts the endpoint when asked for; the caller closes it. */
  Optional<StatusServer> start(OperatorViews views) throws MoleculeException {
    Optional<StatusAddress> where = address();
    if (where.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(views.serve(where.get(), views.board()));
    } catch (IOException e) {
      throw new MoleculeException(ExitCode.USAGE, "cannot serve the status endpoint on " + where.get() + ": "
          + e.getMessage() + "; choose another --status-addr (is something else listening there?)", e);
    }
  }
}
