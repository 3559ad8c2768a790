package ai.molecule.host.status;

import ai.molecule.host.engine.WorkspaceObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The metrics {@code /metrics} serves, labelled by workspace, from the engines' events and the
 * {@link StatusView}. A registry of its own (not the client's JVM-wide default), so that two in
 * one JVM (a test, an in-process sandbox) never collide.
 */
public final class OperatorMetrics implements WorkspaceObserver {

  /** Turns run from milliseconds (echo) to many minutes (a Claude run): buckets up to an hour. */
  private static final double[] TURN_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600};
  private static final String WORKSPACE = "workspace";

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter received;
  private final Counter messages;
  private final Histogram turns;
  private final Counter deliveryFailures;
  private final Gauge inHand;
  private final Gauge spend;

  public OperatorMetrics(StatusView view, Clock clock) {
    received = Counter.builder().name("molecule_messages_received_total")
        .help("Messages received, by who sent them (canvas human, peer agent, platform system)")
        .labelNames(WORKSPACE, "sender").register(registry);
    messages = Counter.builder().name("molecule_messages_total")
        .help("Messages finished, by outcome: answered, failed (the sender got an error), skipped, abandoned (a stop)")
        .labelNames(WORKSPACE, "outcome").register(registry);
    turns = Histogram.builder().name("molecule_turn_duration_seconds")
        .help("How long a message took from its receipt to its reply being handed to delivery")
        .labelNames(WORKSPACE, "outcome").classicOnly().classicUpperBounds(TURN_BUCKETS).register(registry);
    deliveryFailures = Counter.builder().name("molecule_reply_delivery_failures_total")
        .help("Reply delivery attempts that failed; given_up=true: the reply was abandoned after its retries")
        .labelNames(WORKSPACE, "given_up").register(registry);
    inHand = Gauge.builder().name("molecule_backlog_in_hand")
        .help("Messages fetched and not yet done with, as of the last poll").labelNames(WORKSPACE).register(registry);
    spend = Gauge.builder().name("molecule_monthly_spend_cents")
        .help("What the backend reported this month (UTC) cost, in whole US cents, as the heartbeat reports it")
        .labelNames(WORKSPACE).register(registry);
    age("molecule_seconds_since_last_poll", "Seconds since the last successful poll of the feed (absent before the"
        + " first)", view, clock, WorkspaceStatus::lastPoll);
    age("molecule_seconds_since_last_heartbeat", "Seconds since the platform last accepted a heartbeat (absent before"
        + " the first)", view, clock, WorkspaceStatus::lastHeartbeat);
    GaugeWithCallback.builder().name("molecule_workspace_state")
        .help("1 for the state each workspace is in: starting, connected, unreachable, parked, stopped")
        .labelNames(WORKSPACE, "state")
        .callback(callback -> view.workspaces().forEach(w -> {
          for (State state : State.values()) {
            callback.call(state == w.state() ? 1 : 0, w.workspaceId(), label(state));
          }
        })).register(registry);
    GaugeWithCallback.builder().name("molecule_workspace_restarts")
        .help("How often serve started each workspace's engine again after a failure")
        .labelNames(WORKSPACE)
        .callback(callback -> view.workspaces().forEach(w -> callback.call(w.restarts(), w.workspaceId())))
        .register(registry);
  }

  @Override
  public void messageReceived(MessageEvent message) {
    received.labelValues(message.workspaceId(), label(message.sender())).inc();
  }

  @Override
  public void messageFinished(MessageEvent message, Outcome outcome, Duration took) {
    messages.labelValues(message.workspaceId(), label(outcome)).inc();
    turns.labelValues(message.workspaceId(), label(outcome)).observe(took.toNanos() / 1e9);
  }

  @Override
  public void deliveryFailed(String workspaceId, String reason, boolean givenUp) {
    deliveryFailures.labelValues(workspaceId, Boolean.toString(givenUp)).inc();
  }

  @Override
  public void polled(String workspaceId, int held) {
    inHand.labelValues(workspaceId).set(held);
  }

  @Override
  public void spend(String workspaceId, long cents) {
    spend.labelValues(workspaceId).set(cents);
  }

  /** A workspace no longer served: its series go, so a dashboard does not show it frozen. */
  public void forget(String workspaceId) {
    for (var metric : List.of(received, messages, turns, deliveryFailures, inHand, spend)) {
      metric.removeIf(labels -> labels.get(0).equals(workspaceId));
    }
  }

  /** Writes every metric in the Prometheus text format (version 0.0.4). */
  public void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }

  public String contentType() {
    return writer.getContentType();
  }

  /** A gauge of the seconds since {@code when}, read from the view at each scrape. */
  private void age(String name, String help, StatusView view, Clock clock, Function<WorkspaceStatus, Instant> when) {
    GaugeWithCallback.builder().name(name).help(help).labelNames(WORKSPACE)
        .callback(callback -> view.workspaces().forEach(w -> {
          if (when.apply(w) != null) {
            callback.call(age(clock, when.apply(w)), w.workspaceId());
          }
        })).register(registry);
  }

  private static double age(Clock clock, Instant then) {
    return Math.max(0, Duration.between(then, clock.instant()).toMillis() / 1000.0);
  }

  private static String label(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
