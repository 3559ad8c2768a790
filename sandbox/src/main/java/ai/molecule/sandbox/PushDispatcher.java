package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes one call to a push workspace's URL as the platform does, and records it: {@code POST}
 * exactly to the registered URL, {@code Content-Type: application/json}, the bearer when due,
 * nothing naming a caller, no redirects, 10 s to connect and to shake hands, the whole answer read
 * (at most 64 MiB). A call still open after 30 minutes on the sandbox's clock is abandoned at the
 * next {@link #tick()}. Thread-safe.
 */
final class PushDispatcher {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** How long the platform waits for an agent's answer. */
  static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(30);
  /** A real-time backstop behind the clock's timeout, for a sandbox that never ticks. */
  private static final Duration READ_BACKSTOP = ANSWER_TIMEOUT.plusMinutes(1);
  static final long MAX_ANSWER = 64L * 1024 * 1024;
  static final int ATTEMPTS_KEPT = 1000;

  /**
   * A finished attempt.
   *
   * @param dispatch the record of it
   * @param answer the agent's answer, for {@code ANSWERED}, {@code ERROR_STATUS} and {@code EMPTY_ANSWER}
   */
  record Result(PushDispatch dispatch, AgentConnection.Answer answer) {
    PushDispatch.Outcome outcome() {
      return dispatch.outcome();
    }
  }

  /** An open call, so the clock can abandon it. */
  private static final class Open {
    final Instant startedAt;
    volatile AgentConnection connection;
    volatile boolean timedOut;

    Open(Instant startedAt) {
      this.startedAt = startedAt;
    }
  }

  private final Clock clock;
  private final Faults faults;
  private final PushPolicy policy;
  /** By seq, oldest first. */
  private final Map<Long, PushDispatch> attempts = new LinkedHashMap<>();
  private final Map<Long, Open> open = new ConcurrentHashMap<>();
  /** Attempts whose outcome has been acted on (answered, queued, shown): what a waiter waits for. */
  private final java.util.Set<Long> settled = new java.util.HashSet<>();
  private long seq;

  PushDispatcher(Clock clock, Faults faults, PushPolicy policy) {
    this.clock = clock;
    this.faults = faults;
    this.policy = policy;
  }

  /** POSTs {@code body} to {@code url}; blocks until the answer, a failure, or the clock's timeout. */
  Result post(String workspaceId, URI url, String secret, JsonObject body, int attempt) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (PushUrlRules.bearerDue(url, policy.alwaysAuth())) {
      headers.put("Authorization", "Bearer " + secret);
    }
    PushDispatch started = start(new PushDispatch(0, workspaceId, url.toString(), attempt, body, headers,
        PushDispatch.Outcome.IN_FLIGHT, 0, null, clock.instant(), null));
    if (PushUrlRules.refusalAtDispatch(url, policy.devMode(), policy.hosted()).isPresent()) {
      return end(started, PushDispatch.Outcome.NOT_ROUTABLE, null);
    }
    Open call = new Open(started.startedAt());
    open.put(started.seq(), call);
    Optional<Faults.DispatchFault> fault = faults.takeDispatch();
    try (AgentConnection connection = AgentConnection.open(url, CONNECT_TIMEOUT, READ_BACKSTOP)) {
      call.connection = connection;
      connection.send("POST", target(url), headers, body.toString().getBytes(StandardCharsets.UTF_8));
      if (fault.isPresent()) {
        // The whole request is on the wire (the agent reads it); then the connection goes.
        connection.abort();
        return end(started, fault.get() == Faults.DispatchFault.TIME_OUT ? PushDispatch.Outcome.TIMED_OUT
            : PushDispatch.Outcome.DROPPED, null);
      }
      AgentConnection.Answer answer = connection.read(MAX_ANSWER);
      PushDispatch.Outcome outcome = answer.status() / 100 != 2 ? PushDispatch.Outcome.ERROR_STATUS
          : answer.body().length == 0 ? PushDispatch.Outcome.EMPTY_ANSWER : PushDispatch.Outcome.ANSWERED;
      return end(started, outcome, answer);
    } catch (AgentConnection.Unreachable e) {
      return end(started, PushDispatch.Outcome.REFUSED, null);
    } catch (AgentConnection.TooLarge e) {
      return end(started, PushDispatch.Outcome.TOO_LARGE, null);
    } catch (SocketTimeoutException e) {
      return end(started, PushDispatch.Outcome.TIMED_OUT, null);
    } catch (IOException | RuntimeException e) {
      return end(started, call.timedOut ? PushDispatch.Outcome.TIMED_OUT : PushDispatch.Outcome.DROPPED, null);
    } finally {
      open.remove(started.seq());
    }
  }

  /**
   * A request to one of the agent's {@code /internal/...} routes (appended to its URL), always
   * with the bearer; not recorded as a dispatch.
   *
   * @throws AgentConnection.Unreachable when the agent cannot be reached
   * @throws IOException when the connection fails before the whole answer
   */
  AgentConnection.Answer internal(URI url, String secret, String method, String pathAndQuery, String contentType,
      byte[] body, long maxAnswer) throws IOException {
    if (PushUrlRules.refusalAtDispatch(url, policy.devMode(), policy.hosted()).isPresent()) {
      throw new AgentConnection.Unreachable(PushUrlRules.NOT_ROUTABLE, null);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (contentType != null) {
      headers.put("Content-Type", contentType);
    }
    headers.put("Authorization", "Bearer " + secret);
    String base = target(url);
    String prefix = base.contains("?") ? base.substring(0, base.indexOf('?')) : base;
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    try (AgentConnection connection = AgentConnection.open(url, CONNECT_TIMEOUT, CONNECT_TIMEOUT.multipliedBy(6))) {
      connection.send(method, prefix + pathAndQuery, headers, body);
      return connection.read(maxAnswer);
    }
  }

  /** Abandons every call open for longer than the platform waits, on the sandbox's clock. */
  void tick() {
    Instant now = clock.instant();
    for (Open call : open.values()) {
      if (Duration.between(call.startedAt, now).compareTo(ANSWER_TIMEOUT) >= 0 && call.connection != null) {
        call.timedOut = true;
        call.connection.abort();
      }
    }
  }

  /** Every attempt so far (the last {@value #ATTEMPTS_KEPT}), oldest first, open ones included. */
  synchronized List<PushDispatch> attempts() {
    return new ArrayList<>(attempts.values());
  }

  /** The attempt's outcome has been acted on: the sender answered, the body queued, the answer shown. */
  synchronized void settled(PushDispatch dispatch) {
    settled.add(dispatch.seq());
    notifyAll();
  }

  /**
   * Waits until at least {@code count} attempts to {@code workspaceId} have ended and been acted on.
   *
   * @return the workspace's attempts then, oldest first (fewer ended ones on timeout)
   */
  synchronized List<PushDispatch> awaitEnded(String workspaceId, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<PushDispatch> mine = attempts.values().stream().filter(a -> a.workspaceId().equals(workspaceId)).toList();
      long left = deadline - System.nanoTime();
      if (mine.stream().filter(a -> settled.contains(a.seq())).count() >= count || left <= 0) {
        return mine;
      }
      wait(Math.max(1, Duration.ofNanos(left).toMillis()));
    }
  }

  /** Aborts every open call (the sandbox is closing). */
  void close() {
    open.values().forEach(call -> {
      if (call.connection != null) {
        call.connection.abort();
      }
    });
  }

  private synchronized PushDispatch start(PushDispatch draft) {
    PushDispatch numbered = new PushDispatch(++seq, draft.workspaceId(), draft.url(), draft.attempt(), draft.body(),
        draft.headers(), draft.outcome(), 0, null, draft.startedAt(), null);
    attempts.put(numbered.seq(), numbered);
    while (attempts.size() > ATTEMPTS_KEPT) {
      settled.remove(attempts.keySet().iterator().next());
      attempts.remove(attempts.keySet().iterator().next());
    }
    return numbered;
  }

  private synchronized Result end(PushDispatch started, PushDispatch.Outcome outcome, AgentConnection.Answer answer) {
    PushDispatch ended = started.ended(outcome, answer == null ? 0 : answer.status(),
        answer == null ? null : new String(answer.body(), StandardCharsets.UTF_8), clock.instant());
    attempts.computeIfPresent(started.seq(), (key, old) -> ended);
    return new Result(ended, answer);
  }

  /** The request target: exactly the registered URL's path and query, nothing appended. */
  private static String target(URI url) {
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
  }
}
