package ai.molecule.host.platform;

import ai.molecule.host.HostVersion;
import ai.molecule.host.platform.PlatformAnswers.Answered;
import ai.molecule.host.platform.PlatformAnswers.Beat;
import ai.molecule.host.platform.PlatformAnswers.PeerAnswer;
import ai.molecule.host.platform.PlatformAnswers.Queued;
import ai.molecule.host.platform.PlatformAnswers.Registered;
import ai.molecule.host.platform.PlatformException.Kind;
import ai.molecule.wire.JsonRpc;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tinylog.Logger;

/**
 * The platform's workspace endpoints, as platform-api.md describes them. Every request has a
 * deadline for its whole exchange, body included ({@link Deadlines}); every failure becomes a
 * {@link PlatformException} whose kind says whether to retry, reset, or stop, and whose text is
 * scrubbed of secrets. Thread-safe.
 */
public final class PlatformClient implements Platform {

  /** Longest error body quoted in a message: enough for the platform's reason, never a page. */
  private static final int QUOTED_BODY = 200;
  /** The most of a control answer read: they are a few hundred bytes. */
  private static final int MAX_ANSWER = 1024 * 1024;
  /** The most of a peer's synchronous answer read (the platform passes up to 64 MiB on). */
  private static final int MAX_PEER_ANSWER = 64 * 1024 * 1024;
  /** Retry-After is obeyed up to this; a longer one is logged and cut (heartbeats say we are online). */
  public static final Duration RETRY_AFTER_CAP = Duration.ofMinutes(5);
  /** The all-zero UUID: a cursor no platform has, which tells a platform with cursors (410) from one without. */
  private static final String PROBE_CURSOR = "00000000-0000-0000-0000-000000000000";

  private final PlatformConfig config;
  private final Deadlines deadlines;
  private final RatePacer pacer;
  private final HttpClient http;
  private final String userAgent = "molecule/" + HostVersion.version();
  private final String origin;
  private final Set<Runnable> abortablePolls = ConcurrentHashMap.newKeySet();
  private volatile Secret token;

  public PlatformClient(PlatformConfig config) {
    this(config, new RatePacer(Clock.systemUTC(), 0.2));
  }

  /** A client with the default deadlines (the config's request timeout for control calls). */
  public PlatformClient(PlatformConfig config, RatePacer pacer) {
    this(config, Deadlines.defaults().withControl(config.requestTimeout()), pacer);
  }

  public PlatformClient(PlatformConfig config, Deadlines deadlines, RatePacer pacer) {
    this(config, deadlines, pacer, httpClient(min(deadlines.control(), Duration.ofSeconds(10))));
  }

  /**
   * A client on an HTTP client shared with others (a {@code serve} process has one for all its
   * workspaces: one connection pool, one selector thread).
   */
  public PlatformClient(PlatformConfig config, Deadlines deadlines, RatePacer pacer, HttpClient http) {
    this.config = config;
    this.deadlines = deadlines;
    this.pacer = pacer;
    this.token = config.token();
    URI base = config.baseUrl();
    this.origin = base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
    this.http = http;
  }

  /** The HTTP client a platform client needs: redirects never followed (they would carry the token elsewhere). */
  public static HttpClient httpClient(Duration connectTimeout) {
    return httpClient(connectTimeout, null);
  }

  /**
   * As {@link #httpClient(Duration)}, its asynchronous work on {@code executor} ({@code null}: the
   * JDK's own, a thread per task at need). Bodies are read by the caller's thread, so a few threads
   * serve many clients.
   */
  public static HttpClient httpClient(Duration connectTimeout, java.util.concurrent.Executor executor) {
    HttpClient.Builder builder = HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (executor != null) {
      builder.executor(executor);
    }
    return builder.build();
  }

  @Override
  public PlatformConfig config() {
    return config;
  }

  @Override
  public Deadlines deadlines() {
    return deadlines;
  }

  @Override
  public RatePacer pacer() {
    return pacer;
  }

  /** Uses this token from now on: one the platform issued at register. */
  @Override
  public void useToken(Secret newToken) {
    this.token = newToken;
  }

  @Override
  public Secret token() {
    return token;
  }

  /** Aborts the polls under way now, so a stop does not wait out a request's deadline. */
  @Override
  public void abortPolls() {
    abortablePolls.forEach(Runnable::run);
  }

  /**
   * {@code POST /registry/register}: in push mode when {@code pushUrl} is given (the platform then
   * POSTs each message there), else in poll mode.
   */
  @Override
  public Registered register(AgentCard card, URI pushUrl) throws PlatformException {
    JsonObject agentCard = new JsonObject();
    agentCard.addProperty("name", card.name());
    agentCard.addProperty("description", card.description());
    agentCard.addProperty("version", card.version());
    agentCard.add("skills", new JsonArray());
    JsonObject body = new JsonObject();
    body.addProperty("id", config.workspaceId());
    body.addProperty("delivery_mode", pushUrl == null ? "poll" : "push");
    if (pushUrl != null) {
      body.addProperty("url", pushUrl.toString());
      agentCard.addProperty("url", pushUrl.toString());
    }
    body.add("agent_card", agentCard);
    JsonObject answer = answerObject(post(Endpoint.REGISTER, "/registry/register", body));
    String minted = Json.string(answer, "auth_token");
    return new Registered(Json.string(answer, "platform_inbound_secret"),
        minted == null || minted.isBlank() ? null : new Secret(minted));
  }

  /** {@code POST /registry/heartbeat}. */
  @Override
  public Beat heartbeat(HeartbeatFigures figures) throws PlatformException {
    JsonObject body = new JsonObject();
    body.addProperty("workspace_id", config.workspaceId());
    body.addProperty("error_rate", figures.errorRate());
    body.addProperty("sample_error", scrub(figures.sampleError()));
    body.addProperty("active_tasks", figures.activeTasks());
    body.addProperty("is_busy", figures.activeTasks() > 0);
    body.addProperty("uptime_seconds", figures.uptimeSeconds());
    body.addProperty("current_task", figures.currentTask());
    body.addProperty("runtime_state", ""); // only "" lets a degraded workspace return to online
    if (figures.monthlySpendCents() > 0) {
      body.addProperty("monthly_spend", figures.monthlySpendCents()); // integer cents: a decimal is a 400
    }
    if (figures.observedGeneration() >= 0) {
      body.addProperty("observed_generation", figures.observedGeneration());
    }
    JsonObject answer = answerObject(post(Endpoint.HEARTBEAT, "/registry/heartbeat", body));
    return new Beat(Json.integer(answer, "generation", -1), Json.string(answer, "platform_inbound_secret"));
  }

  /**
   * {@code GET /workspaces/<id>/activity?type=a2a_receive&include=peer_info}: one page, in the
   * order the platform sent it, read row by row (see {@link ActivityFeedParser}).
   *
   * @param rowLimit the most bytes of one row parsed; a larger row is refused by id
   * @param pageBudget the most bytes of rows kept for one page; past it the page is cut short
   */
  @Override
  public ActivityPage activity(ActivityQuery query, long rowLimit, long pageBudget) throws PlatformException {
    StringBuilder path = new StringBuilder("/workspaces/").append(config.workspaceId())
        .append("/activity?type=a2a_receive&include=peer_info&limit=").append(query.limit());
    if (query.cursor() != null) {
      path.append("&since_id=").append(URLEncoder.encode(query.cursor(), StandardCharsets.UTF_8));
    } else if (query.sinceSeconds() > 0) {
      path.append("&since_secs=").append(query.sinceSeconds());
    }
    Opened opened = open(Endpoint.POLL, base(path.toString(), Endpoint.POLL).GET());
    try (DeadlineBody body = opened.body()) {
      Runnable abort = body::abort;
      abortablePolls.add(abort);
      try {
        if (opened.status() / 100 != 2) {
          throw failure(Endpoint.POLL, opened.status(), readQuoted(body), opened.headers());
        }
        return ActivityPage.read(body, rowLimit, pageBudget);
      } finally {
        abortablePolls.remove(abort);
      }
    } catch (ActivityFeedParser.ErrorPage e) {
      throw new PlatformException(Kind.TRANSIENT, opened.status(), "poll: " + scrub(e.getMessage()), null, e);
    } catch (IOException e) {
      throw readFailure(Endpoint.POLL, opened.status(), e);
    }
  }

  /**
   * Asks the platform whether it keeps cursors, as the platform team's channel plugin does: the
   * all-zero cursor is unknown to a platform with cursors (410), and ignored by one too old to
   * have them (200).
   *
   * @return {@code true} when the platform keeps cursors
   */
  @Override
  public boolean keepsCursors() throws PlatformException {
    try {
      activity(new ActivityQuery(PROBE_CURSOR, 0, 1), MAX_ANSWER, MAX_ANSWER);
      return false;
    } catch (PlatformException e) {
      if (e.kind() == Kind.GONE) {
        return true;
      }
      throw e;
    }
  }

  /** {@code POST /workspaces/<id>/activity/ack}: rows up to {@code seq} were handled; returns the stored maximum. */
  @Override
  public long ack(long seq) throws PlatformException {
    JsonObject body = new JsonObject();
    body.addProperty("acked_seq", seq);
    JsonObject answer = answerObject(post(Endpoint.ACK, "/workspaces/" + config.workspaceId() + "/activity/ack", body));
    return Json.integer(answer, "last_acked_seq", seq);
  }

  /** {@code POST /workspaces/<id>/activity} with a {@code task_update}: a "⟳" line on the canvas, and liveness. */
  @Override
  public void taskUpdate(String summary) throws PlatformException {
    JsonObject body = new JsonObject();
    body.addProperty("activity_type", "task_update");
    body.addProperty("summary", summary);
    post(Endpoint.TASK_UPDATE, "/workspaces/" + config.workspaceId() + "/activity", body);
  }

  /** {@code GET /workspaces/<id>/state}: the workspace as the platform sees it ({@code status}, ...). */
  public JsonObject state() throws PlatformException {
    return answerObject(call(Endpoint.STATE, base("/workspaces/" + config.workspaceId() + "/state", Endpoint.STATE).GET()));
  }

  /**
   * {@code POST /workspaces/<callerId>/a2a}: a new message/send to an agent. A push-mode peer holds
   * the call for its whole turn and answers in the body; a JSON-RPC error in a 2xx answer is a
   * failure ({@link Kind#PERMANENT}, since it arrived).
   */
  @Override
  public PeerAnswer sendToAgent(String callerId, JsonObject request) throws PlatformException {
    HttpRequest.Builder builder = base("/workspaces/" + callerId + "/a2a", Endpoint.PEER)
        .header("Content-Type", "application/json")
        .header("X-Workspace-ID", config.workspaceId())
        .POST(HttpRequest.BodyPublishers.ofString(request.toString(), StandardCharsets.UTF_8));
    Answer answer = call(Endpoint.PEER, builder, MAX_PEER_ANSWER);
    String label = "reply to " + callerId;
    JsonObject json = Json.objectOrNull(answer.text());
    if (json == null) {
      if (answer.status() == 202 || answer.status() == 200 && answer.text().isBlank()) {
        if (answer.status() == 200) {
          throw new PlatformException(Kind.PERMANENT, 200, label + ": the peer answered with an empty body", null, null);
        }
        return new Queued("accepted (HTTP 202)");
      }
      throw new PlatformException(Kind.PERMANENT, answer.status(), label + ": the answer is not JSON: "
          + quote(answer.text()), null, null);
    }
    Optional<String> error = JsonRpc.errorOf(json);
    if (error.isPresent()) {
      throw new PlatformException(Kind.PERMANENT, answer.status(), label + ": the peer answered with an error: "
          + quote(error.get()), null, null, true, "jsonrpc_error");
    }
    JsonObject result = JsonRpc.resultOf(json);
    if (result != null) {
      return new Answered(result);
    }
    return new Queued(Json.firstString(json, "status", "delivery_mode") == null
        ? "accepted" : Json.firstString(json, "status") + " (" + Json.firstString(json, "delivery_mode") + ")");
  }

  /** {@code POST /workspaces/<our id>/notify}: a message to the humans on the canvas. */
  @Override
  public void notifyCanvas(JsonObject notification) throws PlatformException {
    post(Endpoint.NOTIFY, "/workspaces/" + config.workspaceId() + "/notify", notification);
  }

  /**
   * Reads a staged upload into {@code target} (at most {@code maxBytes}) and returns its content
   * type: {@code GET /workspaces/<id>/pending-uploads/<file id>/content}.
   */
  @Override
  public Optional<String> readUpload(String fileId, Path target, long maxBytes) throws PlatformException {
    String path = "/workspaces/" + config.workspaceId() + "/pending-uploads/" + fileId + "/content";
    Opened opened = open(Endpoint.UPLOAD_READ, base(path, Endpoint.UPLOAD_READ).GET());
    try (DeadlineBody body = opened.body(); OutputStream out = Files.newOutputStream(target)) {
      if (opened.status() / 100 != 2) {
        throw failure(Endpoint.UPLOAD_READ, opened.status(), readQuoted(body), opened.headers());
      }
      byte[] chunk = new byte[64 * 1024];
      long total = 0;
      for (int n; (n = body.read(chunk)) >= 0; ) {
        total += n;
        if (total > maxBytes) {
          throw new PlatformException(Kind.TOO_LARGE, opened.status(), "upload " + fileId + " is larger than "
              + maxBytes + " bytes, the most this host accepts", null, null);
        }
        out.write(chunk, 0, n);
      }
      return opened.headers().firstValue("Content-Type");
    } catch (IOException e) {
      throw readFailure(Endpoint.UPLOAD_READ, opened.status(), e);
    }
  }

  /** {@code POST /workspaces/<id>/pending-uploads/<file id>/ack}: we have the file. */
  @Override
  public void ackUpload(String fileId) throws PlatformException {
    post(Endpoint.UPLOAD_READ, "/workspaces/" + config.workspaceId() + "/pending-uploads/" + fileId + "/ack",
        new JsonObject());
  }

  /**
   * {@code POST /workspaces/<id>/chat/uploads}: stages one of our files for the canvas; returns the
   * attachment ({@code uri}, {@code name}, {@code mimeType}, {@code size}) to pass to notify.
   */
  @Override
  public JsonObject uploadForCanvas(Path file, String name, String mimeType) throws PlatformException {
    String boundary = "molecule-" + UUID.randomUUID();
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    try {
      String safeName = name.replace("\"", "_").replace("\r", "_").replace("\n", "_");
      form.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + safeName
          + "\"\r\nContent-Type: " + (mimeType == null ? "application/octet-stream" : mimeType) + "\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      Files.copy(file, form);
      form.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PlatformException(Kind.PERMANENT, 0, "file upload: cannot read " + file + " (" + e.getMessage() + ")",
          null, e, false, null);
    }
    HttpRequest.Builder builder = base("/workspaces/" + config.workspaceId() + "/chat/uploads", Endpoint.UPLOAD_WRITE)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray()));
    JsonObject answer = answerObject(call(Endpoint.UPLOAD_WRITE, builder));
    JsonElement files = answer.get("files");
    if (files == null || !files.isJsonArray() || files.getAsJsonArray().isEmpty()
        || !files.getAsJsonArray().get(0).isJsonObject()) {
      throw new PlatformException(Kind.PERMANENT, 200, "file upload: the answer names no file", null, null);
    }
    return files.getAsJsonArray().get(0).getAsJsonObject();
  }

  /**
   * {@code GET /workspaces/<id>/events/stream}, without a thread of its own: the lines are handed
   * on by the HTTP client's threads as they arrive, and {@code inbound} is called for every event
   * that announces a new inbound row (an {@code ACTIVITY_LOGGED} of an {@code a2a_receive}). The
   * stream is a doorbell, never the source of truth: the caller polls when it rings.
   *
   * @param timer keeps the idle limit (one scheduler for every stream of the process)
   * @param opened called once the stream is open
   * @return completes when the platform or a proxy closes the stream, when it was silent for {@code
   *     idleLimit} (our own heartbeats are its only keepalive), or when it is aborted ({@link
   *     #abortPolls()}, or cancelling the future); completes exceptionally with a {@link
   *     PlatformException}: {@link Kind#PERMANENT} and the like when the platform refuses it or has
   *     none (401, 404, an answer that is not an event stream), {@link Kind#TRANSIENT} when it could not
   *     be opened
   */
  @Override
  public CompletableFuture<Void> events(Duration idleLimit, ScheduledExecutorService timer, Runnable opened,
      Runnable inbound) {
    Duration limit = deadlines.of(Endpoint.EVENTS.timing);
    HttpRequest request = base("/workspaces/" + config.workspaceId() + "/events/stream", Endpoint.EVENTS)
        .header("Accept", "text/event-stream").GET().timeout(limit).build();
    CompletableFuture<Void> ended = new CompletableFuture<>();
    EventLines lines = new EventLines(timer, idleLimit.toNanos(), line -> {
      if (line.startsWith("data:") && announcesInbound(line.substring(5).strip())) {
        inbound.run();
      }
    }, () -> ended.complete(null));
    CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request, info -> {
      HttpHeaders headers = info.headers();
      pacer.observe(headers.firstValue("X-RateLimit-Limit"), headers.firstValue("X-RateLimit-Remaining"),
          headers.firstValue("X-RateLimit-Reset"));
      if (info.statusCode() / 100 == 2 && headers.firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
        opened.run();
        return HttpResponse.BodySubscribers.fromLineSubscriber(lines, read -> "", StandardCharsets.UTF_8, null);
      }
      // A refusal's body is short, or is cut short: it must not hold the stream's retry up.
      timer.schedule(() -> ended.completeExceptionally(new PlatformException(Kind.TRANSIENT, info.statusCode(),
          "event stream: the answer did not end within " + limit.toSeconds() + " s", null, null)),
          limit.toNanos(), TimeUnit.NANOSECONDS);
      return BoundedText.subscriber(QUOTED_BODY * 4);
    });
    Runnable abort = () -> {
      lines.cancel();
      exchange.cancel(true);
      ended.complete(null);
    };
    abortablePolls.add(abort);
    ended.whenComplete((done, error) -> {
      abortablePolls.remove(abort);
      if (ended.isCancelled()) {
        lines.cancel();
        exchange.cancel(true);
      }
    });
    exchange.whenComplete((response, error) -> {
      if (error != null) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause() : error;
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        // A dropped or stalled stream, or one that could not be opened: the caller reconnects.
        Logger.debug("event stream ended: {}", scrub(reason));
        ended.completeExceptionally(new PlatformException(Kind.TRANSIENT, 0, "event stream: cannot reach "
            + config.baseUrl() + " (" + scrub(reason) + ")", null, cause, true, null));
      } else if (response.statusCode() / 100 != 2) {
        ended.completeExceptionally(failure(Endpoint.EVENTS, response.statusCode(), quote(response.body()),
            response.headers()));
      } else if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        ended.completeExceptionally(new PlatformException(Kind.PERMANENT, response.statusCode(),
            "event stream: the answer is " + (type.isEmpty() ? "not typed" : type) + ", not an event stream", null,
            null));
      } else {
        Logger.debug("event stream ended by the platform");
        ended.complete(null);
      }
    });
    return ended;
  }

  /** Whether an event's JSON announces an inbound row; only those wake a poll (not our own heartbeats). */
  static boolean announcesInbound(String json) {
    JsonObject event = Json.objectOrNull(json);
    if (event == null || !"ACTIVITY_LOGGED".equals(Json.string(event, "type"))) {
      return false;
    }
    return "a2a_receive".equals(Json.string(Json.object(event, "data"), "activity_type"));
  }

  // ---- the transport ----

  /** An answer read whole: its status and text. */
  private record Answer(int status, HttpHeaders headers, String text) {}

  /** An answer whose body is still arriving. */
  private record Opened(int status, HttpHeaders headers, DeadlineBody body) {}

  /** {@code POST} of a JSON body, one whole exchange. */
  private Answer post(Endpoint endpoint, String path, JsonObject body) throws PlatformException {
    return call(endpoint, base(path, endpoint)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
  }

  private HttpRequest.Builder base(String path, Endpoint endpoint) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
        // Plain HTTP/1.1 on http:// URLs: the h2c upgrade the JDK would try confuses some servers.
        .version("https".equals(config.baseUrl().getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .header("Authorization", "Bearer " + token.reveal())
        .header("Origin", origin)
        .header("Accept", "application/json")
        .header("User-Agent", userAgent);
    // Register and heartbeat go without the org header: they then count against the token's own
    // rate bucket, not the organisation's (platform-api.md).
    if (config.orgId() != null && endpoint.tenantRouted) {
      builder.header("X-Molecule-Org-Id", config.orgId());
    }
    return builder;
  }

  private Answer call(Endpoint endpoint, HttpRequest.Builder builder) throws PlatformException {
    return call(endpoint, builder, MAX_ANSWER);
  }

  /** One whole exchange within the endpoint's deadline; a non-2xx status is a failure. */
  private Answer call(Endpoint endpoint, HttpRequest.Builder builder, int maxBytes) throws PlatformException {
    Opened opened = open(endpoint, builder);
    String text;
    try (DeadlineBody body = opened.body()) {
      byte[] bytes = body.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw new PlatformException(Kind.TOO_LARGE, opened.status(), endpoint.label + ": the answer is larger than "
            + maxBytes + " bytes", null, null);
      }
      text = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw readFailure(endpoint, opened.status(), e);
    }
    if (opened.status() / 100 == 3) {
      // Not followed: a redirect would resend the token elsewhere. Say where to point instead.
      throw new PlatformException(Kind.PERMANENT, opened.status(), endpoint.label + ": the platform redirects (HTTP "
          + opened.status() + ") to " + opened.headers().firstValue("Location").orElse("another address")
          + "; use that address as --api-url / MOLECULE_API_URL", null, null);
    }
    if (opened.status() / 100 != 2) {
      throw failure(endpoint, opened.status(), quote(text), opened.headers());
    }
    return new Answer(opened.status(), opened.headers(), text);
  }

  /**
   * Sends a request and waits for its headers, within the endpoint's deadline; the body is then
   * read through a {@link DeadlineBody} bound by the same deadline.
   */
  private Opened open(Endpoint endpoint, HttpRequest.Builder builder) throws PlatformException {
    Duration limit = deadlines.of(endpoint.timing);
    return open(endpoint, builder, limit.toNanos(), deadlines.bodyIdle());
  }

  /**
   * As {@link #open(Endpoint, HttpRequest.Builder)}, with the body's own bounds: the whole exchange
   * within {@code bodyNanos} of the start, and no pause longer than {@code idle}.
   */
  private Opened open(Endpoint endpoint, HttpRequest.Builder builder, long bodyNanos, Duration idle)
      throws PlatformException {
    Duration limit = deadlines.of(endpoint.timing);
    long deadline = System.nanoTime() + bodyNanos;
    HttpRequest request = builder.timeout(limit).build();
    DeadlineBody body = new DeadlineBody(deadline, idle.toNanos());
    CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> future =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofPublisher());
    Runnable abort = () -> future.cancel(true);
    if (endpoint == Endpoint.POLL || endpoint == Endpoint.EVENTS) {
      abortablePolls.add(abort);
    }
    try {
      HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
      HttpHeaders headers = response.headers();
      pacer.observe(headers.firstValue("X-RateLimit-Limit"), headers.firstValue("X-RateLimit-Remaining"),
          headers.firstValue("X-RateLimit-Reset"));
      response.body().subscribe(body);
      return new Opened(response.statusCode(), headers, body);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw noAnswer(endpoint, limit, e);
    } catch (CancellationException e) {
      throw new PlatformException(Kind.TRANSIENT, 0, endpoint.label + ": aborted", null, e, true, null);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new PlatformException(Kind.TRANSIENT, 0, endpoint.label + ": interrupted", null, e, true, null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)) {
        // The JDK's own timer on the same limit fired before ours: the same fact, in the same words.
        throw noAnswer(endpoint, limit, cause);
      }
      // Only a connection that was never made certainly did not carry the request.
      boolean neverSent = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
          || cause instanceof java.nio.channels.UnresolvedAddressException
          || cause instanceof java.net.UnknownHostException;
      String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      throw new PlatformException(Kind.TRANSIENT, 0, endpoint.label + ": cannot reach " + config.baseUrl()
          + " (" + scrub(reason) + ")", null, cause, !neverSent, null);
    } finally {
      abortablePolls.remove(abort);
    }
  }

  /** The request went out and its headers did not come back within {@code limit}. */
  private PlatformException noAnswer(Endpoint endpoint, Duration limit, Throwable cause) {
    return new PlatformException(Kind.TRANSIENT, 0, endpoint.label + ": no answer from " + config.baseUrl()
        + " within " + limit.toSeconds() + " s", null, cause, true, null);
  }

  private PlatformException readFailure(Endpoint endpoint, int status, IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new PlatformException(Kind.TRANSIENT, status, endpoint.label + ": the answer could not be read ("
        + scrub(reason) + ")", null, e, true, null);
  }

  private JsonObject answerObject(Answer answer) {
    JsonObject json = Json.objectOrNull(answer.text());
    return json == null ? new JsonObject() : json;
  }

  private PlatformException failure(Endpoint endpoint, int status, String body, HttpHeaders headers) {
    String what = endpoint.label;
    String scrubbed = scrub(body);
    String detail = scrubbed.isEmpty() ? "" : ": " + scrubbed;
    JsonObject json = Json.objectOrNull(body);
    String code = Json.firstString(json, "code", "error");
    Optional<String> retryAfter = headers.firstValue("Retry-After");
    if (status == 400 && "TENANT_ORG_HEADER_REQUIRED".equals(Json.string(json, "code"))) {
      return new PlatformException(Kind.PERMANENT, status, what + ": this platform is hosted and needs the org id"
          + " (HTTP 400 TENANT_ORG_HEADER_REQUIRED); set --org-id / MOLECULE_ORG_ID", null, null, true, code);
    }
    return switch (status) {
      case 401 -> new PlatformException(Kind.AUTH, status, what + ": the platform refused the workspace token (HTTP 401"
          + detail + "); check MOLECULE_WORKSPACE_TOKEN / --token-file, and that workspace "
          + config.workspaceId() + " still exists", null, null, true, code);
      case 403 -> forbidden(endpoint, status, detail, scrubbed.isEmpty(), code);
      case 410 -> new PlatformException(Kind.GONE, status, what + ": the cursor is gone (HTTP 410)", null, null, true, code);
      case 404 -> new PlatformException(Kind.NOT_FOUND, status, what + ": not found (HTTP 404" + detail + ")"
          + (scrubbed.isEmpty() ? "; a hosted platform answers an empty 404 when the org id is missing or wrong:"
              + " check --org-id / MOLECULE_ORG_ID" : ""), null, null, true, code);
      case 408, 425, 429 -> transientFailure(what, status, detail, retryAfter, code);
      default -> status >= 500
          ? transientFailure(what, status, detail, retryAfter, code)
          : new PlatformException(Kind.PERMANENT, status, what + ": the platform rejected the request (HTTP "
              + status + detail + ")", null, null, true, code);
    };
  }

  /** 403 means different things per endpoint (platform-api.md). */
  private PlatformException forbidden(Endpoint endpoint, int status, String detail, boolean empty, String code) {
    String what = endpoint.label;
    if (empty) {
      // CORS: the platform refuses a foreign Origin with an empty 403 before anything else runs.
      return new PlatformException(Kind.PERMANENT, status, what + ": the platform refused the request with an empty"
          + " HTTP 403; it checks the Origin header (" + origin + "): check --api-url", null, null, true, code);
    }
    return switch (endpoint) {
      case PEER -> new PlatformException(Kind.PERMANENT, status, what + ": the platform does not let this workspace"
          + " send to that one (HTTP 403" + detail + ")", null, null, true, code);
      case NOTIFY -> new PlatformException(Kind.PERMANENT, status, what + ": the platform refused the message to the"
          + " canvas (HTTP 403" + detail + ")", null, null, true, code);
      default -> new PlatformException(Kind.AUTH, status, what + ": the platform refused access (HTTP 403" + detail
          + "); the workspace token may belong to another org or workspace", null, null, true, code);
    };
  }

  private PlatformException transientFailure(String what, int status, String detail, Optional<String> retryAfter,
      String code) {
    return new PlatformException(Kind.TRANSIENT, status, what + ": HTTP " + status + detail,
        retryAfter.map(PlatformClient::parseRetryAfter).orElse(null), null, true, code);
  }

  /** Retry-After is either delay-seconds or an HTTP date; anything else is ignored. */
  static Duration parseRetryAfter(String value) {
    String text = value.trim();
    try {
      long seconds = Long.parseLong(text);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until = Duration.between(java.time.Instant.now(),
            ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  private static String readQuoted(InputStream body) throws IOException {
    return quote(new String(body.readNBytes(QUOTED_BODY * 4), StandardCharsets.UTF_8));
  }

  private static String quote(String body) {
    String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= QUOTED_BODY ? oneLine : oneLine.substring(0, QUOTED_BODY) + "…";
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
