package ai.molecule.host.platform;

import ai.molecule.host.HostVersion;
import ai.molecule.host.platform.PlatformException.Kind;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The platform's workspace endpoints, as platform-api.md describes them. Every failure becomes a
 * {@link PlatformException} whose kind says whether to retry, reset, or stop. Thread-safe.
 */
public final class PlatformClient {

  /** Longest error body quoted in a message: enough for the platform's reason, never a page. */
  private static final int QUOTED_BODY = 200;

  private final PlatformConfig config;
  private final HttpClient http;
  private final String userAgent = "molecule/" + HostVersion.version();

  public PlatformClient(PlatformConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder()
        // Plain HTTP/1.1 on http:// URLs: the h2c upgrade the JDK would try confuses some servers.
        .version("https".equals(config.baseUrl().getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.requestTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public PlatformConfig config() {
    return config;
  }

  /** {@code POST /registry/register} in poll mode. */
  public void register(AgentCard card) throws PlatformException {
    JsonObject agentCard = new JsonObject();
    agentCard.addProperty("name", card.name());
    agentCard.addProperty("description", card.description());
    agentCard.addProperty("version", card.version());
    agentCard.add("skills", new JsonArray());
    JsonObject body = new JsonObject();
    body.addProperty("id", config.workspaceId());
    body.addProperty("delivery_mode", "poll");
    body.add("agent_card", agentCard);
    send(post("/registry/register", body), "register");
  }

  /** {@code POST /registry/heartbeat}. A {@link Kind#NOT_FOUND} means: register again. */
  public void heartbeat(HeartbeatFigures figures) throws PlatformException {
    JsonObject body = new JsonObject();
    body.addProperty("workspace_id", config.workspaceId());
    body.addProperty("error_rate", figures.errorRate());
    body.addProperty("sample_error", figures.sampleError());
    body.addProperty("active_tasks", figures.activeTasks());
    body.addProperty("uptime_seconds", figures.uptimeSeconds());
    body.addProperty("current_task", figures.currentTask());
    body.addProperty("runtime_state", ""); // only "" lets a degraded workspace return to online
    if (figures.monthlySpend() > 0) {
      body.addProperty("monthly_spend", figures.monthlySpend());
    }
    send(post("/registry/heartbeat", body), "heartbeat");
  }

  /**
   * {@code GET /workspaces/<id>/activity?type=a2a_receive}: the rows of one page, in the order the
   * platform sent them.
   *
   * @param maxBytes the most bytes of page read into memory; past it the call fails with {@link
   *     Kind#TOO_LARGE}. With {@code 0}, request bodies are skipped as they stream by (each row keeps
   *     a body problem instead), so a page of any size is read in bounded memory.
   */
  public List<ActivityRow> activity(ActivityQuery query, long maxBytes) throws PlatformException {
    StringBuilder path = new StringBuilder("/workspaces/").append(config.workspaceId())
        .append("/activity?type=a2a_receive&limit=").append(query.limit());
    if (query.cursor() != null) {
      path.append("&since_id=").append(URLEncoder.encode(query.cursor(), StandardCharsets.UTF_8));
    } else if (query.sinceSeconds() > 0) {
      path.append("&since_secs=").append(query.sinceSeconds());
    }
    HttpRequest request = base(path.toString()).GET().build();
    HttpResponse<InputStream> response = exchange(request, "poll", HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() / 100 != 2) {
        throw failure("poll", response.statusCode(), readQuoted(body), response.headers().firstValue("Retry-After"));
      }
      if (maxBytes <= 0) {
        return ActivityFeedParser.parse(body, true);
      }
      return ActivityFeedParser.parse(new BoundedInputStream(body, maxBytes), false);
    } catch (IOException | RuntimeException e) {
      // gson wraps reader failures (the size limit among them) in runtime exceptions.
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof BoundedInputStream.LimitExceeded) {
          throw new PlatformException(Kind.TOO_LARGE, response.statusCode(),
              "poll: an activity page is larger than " + maxBytes + " bytes", null, e);
        }
      }
      throw new PlatformException(Kind.TRANSIENT, response.statusCode(),
          "poll: the activity page could not be read (" + e.getMessage() + ")", null, e);
    }
  }

  /** {@code GET /workspaces/<id>/state}: the workspace as the platform sees it ({@code status}, ...). */
  public JsonObject state() throws PlatformException {
    HttpResponse<String> response = exchange(base("/workspaces/" + config.workspaceId() + "/state").GET().build(),
        "state", HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw failure("state", response.statusCode(), quote(response.body()), response.headers().firstValue("Retry-After"));
    }
    try {
      return com.google.gson.JsonParser.parseString(response.body()).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new PlatformException(Kind.PERMANENT, response.statusCode(), "state: the answer is not a JSON object", null, e);
    }
  }

  /** {@code POST /workspaces/<callerId>/a2a}: a new message/send to an agent sender. */
  public void sendToAgent(String callerId, JsonObject request) throws PlatformException {
    HttpRequest http = base("/workspaces/" + callerId + "/a2a")
        .header("Content-Type", "application/json")
        .header("X-Workspace-ID", config.workspaceId())
        .POST(HttpRequest.BodyPublishers.ofString(request.toString(), StandardCharsets.UTF_8))
        .build();
    send(http, "reply to " + callerId);
  }

  /** {@code POST /workspaces/<our id>/notify}: a message to the humans on the canvas. */
  public void notifyCanvas(JsonObject notification) throws PlatformException {
    send(post("/workspaces/" + config.workspaceId() + "/notify", notification), "notify");
  }

  private HttpRequest post(String path, JsonObject body) {
    return base(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
        .build();
  }

  private HttpRequest.Builder base(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
        .timeout(config.requestTimeout())
        .header("Authorization", "Bearer " + config.token().reveal())
        .header("Origin", config.baseUrl().toString())
        .header("Accept", "application/json")
        .header("User-Agent", userAgent);
    if (config.orgId() != null) {
      builder.header("X-Molecule-Org-Id", config.orgId());
    }
    return builder;
  }

  private void send(HttpRequest request, String what) throws PlatformException {
    HttpResponse<String> response = exchange(request, what, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 == 3) {
      // Not followed: a redirect would resend the token elsewhere. Say where to point instead.
      throw new PlatformException(Kind.PERMANENT, response.statusCode(), what + ": the platform redirects (HTTP "
          + response.statusCode() + ") to " + response.headers().firstValue("Location").orElse("another address")
          + "; use that address as --api-url / MOLECULE_API_URL", null, null);
    }
    if (response.statusCode() / 100 != 2) {
      throw failure(what, response.statusCode(), quote(response.body()),
          response.headers().firstValue("Retry-After"));
    }
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, String what, HttpResponse.BodyHandler<T> handler)
      throws PlatformException {
    try {
      return http.send(request, handler);
    } catch (HttpTimeoutException e) {
      throw new PlatformException(Kind.TRANSIENT, 0,
          what + ": no answer from " + config.baseUrl() + " within " + config.requestTimeout().toSeconds() + " s",
          null, e);
    } catch (IOException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new PlatformException(Kind.TRANSIENT, 0,
          what + ": cannot reach " + config.baseUrl() + " (" + reason + ")", null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException(Kind.TRANSIENT, 0, what + ": interrupted", null, e);
    }
  }

  private PlatformException failure(String what, int status, String body, java.util.Optional<String> retryAfter) {
    String detail = body.isEmpty() ? "" : ": " + body;
    return switch (status) {
      case 401 -> new PlatformException(Kind.AUTH, status, what + ": the platform refused the workspace token (HTTP 401"
          + detail + "); check MOLECULE_WORKSPACE_TOKEN / --token-file, and that workspace "
          + config.workspaceId() + " still exists", null, null);
      case 403 -> new PlatformException(Kind.AUTH, status, what + ": the platform refused access (HTTP 403" + detail
          + "); the workspace token may be revoked or belong to another workspace, or the workspace was removed",
          null, null);
      case 410 -> new PlatformException(Kind.GONE, status, what + ": the cursor is gone (HTTP 410)", null, null);
      case 404 -> new PlatformException(Kind.NOT_FOUND, status, what + ": not found (HTTP 404" + detail + ")"
          + (body.isEmpty() ? "; a hosted platform answers an empty 404 without its org id: set --org-id / MOLECULE_ORG_ID" : ""),
          null, null);
      case 408, 425, 429 -> transientFailure(what, status, detail, retryAfter);
      default -> status >= 500
          ? transientFailure(what, status, detail, retryAfter)
          : new PlatformException(Kind.PERMANENT, status, what + ": the platform rejected the request (HTTP "
              + status + detail + ")", null, null);
    };
  }

  private PlatformException transientFailure(String what, int status, String detail, java.util.Optional<String> retryAfter) {
    return new PlatformException(Kind.TRANSIENT, status, what + ": HTTP " + status + detail,
        retryAfter.map(PlatformClient::parseRetryAfter).orElse(null), null);
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
}
