package ai.molecule.host.platform;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the platform is and who we are on it.
 *
 * @param baseUrl the platform's base URL, without a trailing slash
 * @param workspaceId our workspace id
 * @param token our workspace token
 * @param orgId the org id hosted platforms need in {@code X-Molecule-Org-Id}, or {@code null}
 * @param requestTimeout how long one request may take
 */
public record PlatformConfig(URI baseUrl, String workspaceId, Secret token, String orgId, Duration requestTimeout) {

  public PlatformConfig {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(token, "token");
    String text = baseUrl.toString();
    if (text.endsWith("/")) {
      baseUrl = URI.create(text.replaceAll("/+$", ""));
    }
    requestTimeout = requestTimeout == null ? Duration.ofSeconds(30) : requestTimeout;
  }
}
