package ai.molecule.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Trouble on demand, for tests and demos: the next requests to the platform endpoints fail with a
 * status, lose their connection, or answer late. Each rule applies to the next {@code count}
 * requests whose path contains {@code pathContains} ({@code null}: any path; a {@code $} at its end
 * anchors it to the end of the path); rules are used in the
 * order they were added, one per request. The operator endpoints and the page are never affected.
 * Thread-safe.
 */
public final class Faults {

  /** What a fault does to a request. */
  enum Kind { FAIL, DROP, DELAY }

  /** What a fault does to a dispatch to a push workspace: its request is written whole, then... */
  enum DispatchFault {
    /** ...the connection is closed, as an edge proxy cuts it. */
    DROP,
    /** ...the call is abandoned as timed out, as after the platform's 30 minutes. */
    TIME_OUT
  }

  /** One fault taken for one request. */
  record Fault(Kind kind, int status, Duration delay) {}

  private static final class Rule {
    final Fault fault;
    final String pathContains;
    int remaining;

    Rule(Fault fault, String pathContains, int remaining) {
      this.fault = fault;
      this.pathContains = pathContains;
      this.remaining = remaining;
    }
  }

  private static final Duration LONGEST_DELAY = Duration.ofMinutes(5);

  private final List<Rule> rules = new ArrayList<>();
  private final Deque<DispatchFault> dispatchFaults = new ArrayDeque<>();

  /** The next {@code count} platform requests answer {@code status} (a 4xx or 5xx). */
  public Faults failNext(int count, int status) {
    return failNext(count, status, null);
  }

  /**
   * The next {@code count} requests whose path contains {@code pathContains} answer {@code status}.
   * A 503 carries {@code {"code":"platform_unavailable"}} and a 429 the rate-limit body; both, and
   * a 502, carry {@code Retry-After: 1}.
   */
  public synchronized Faults failNext(int count, int status, String pathContains) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a fault status must be 4xx or 5xx, not " + status);
    }
    return add(new Fault(Kind.FAIL, status, Duration.ZERO), count, pathContains);
  }

  /** The next {@code count} matching requests lose their connection without an answer. */
  public synchronized Faults dropNext(int count, String pathContains) {
    return add(new Fault(Kind.DROP, 0, Duration.ZERO), count, pathContains);
  }

  /** The next {@code count} matching requests are answered normally, {@code delay} late. */
  public synchronized Faults delayNext(int count, Duration delay, String pathContains) {
    if (delay.isNegative() || delay.isZero() || delay.compareTo(LONGEST_DELAY) > 0) {
      throw new IllegalArgumentException("a delay must be between 1 ms and 5 minutes");
    }
    return add(new Fault(Kind.DELAY, 0, delay), count, pathContains);
  }

  /**
   * The next {@code count} dispatches to push workspaces lose their connection once their request
   * is written whole (the agent reads it): the platform queues the same body for re-delivery.
   */
  public synchronized Faults dropNextDispatch(int count) {
    return addDispatch(DispatchFault.DROP, count);
  }

  /**
   * The next {@code count} dispatches to push workspaces time out once their request is written
   * whole, as after the platform's 30 minutes: the same body is queued for re-delivery.
   */
  public synchronized Faults timeOutNextDispatch(int count) {
    return addDispatch(DispatchFault.TIME_OUT, count);
  }

  /** Forgets every pending fault. */
  public synchronized void clear() {
    rules.clear();
    dispatchFaults.clear();
  }

  /** How many requests and dispatches pending faults will still affect. */
  public synchronized int pending() {
    return rules.stream().mapToInt(rule -> rule.remaining).sum() + dispatchFaults.size();
  }

  /** The fault for the next dispatch to a push workspace, used up; empty when none is pending. */
  synchronized Optional<DispatchFault> takeDispatch() {
    return Optional.ofNullable(dispatchFaults.pollFirst());
  }

  private Faults addDispatch(DispatchFault fault, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a fault must apply to at least one dispatch, not " + count);
    }
    for (int i = 0; i < count; i++) {
      dispatchFaults.addLast(fault);
    }
    return this;
  }

  /** The fault for a request to {@code path}, used up; empty when none applies. */
  synchronized Optional<Fault> take(String path) {
    for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
      Rule rule = it.next();
      if (rule.pathContains != null && !matches(path, rule.pathContains)) {
        continue;
      }
      if (--rule.remaining == 0) {
        it.remove();
      }
      return Optional.of(rule.fault);
    }
    return Optional.empty();
  }

  /** The path contains the text; a text ending in {@code $} must end the path (the feed, not its ack). */
  private static boolean matches(String path, String pathContains) {
    return pathContains.endsWith("$") ? path.endsWith(pathContains.substring(0, pathContains.length() - 1))
        : path.contains(pathContains);
  }

  private Faults add(Fault fault, int count, String pathContains) {
    if (count < 1) {
      throw new IllegalArgumentException("a fault must apply to at least one request, not " + count);
    }
    rules.add(new Rule(fault, pathContains == null || pathContains.isEmpty() ? null : pathContains, count));
    return this;
  }
}
