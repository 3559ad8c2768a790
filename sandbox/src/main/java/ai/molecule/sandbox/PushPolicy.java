package ai.molecule.sandbox;

/**
 * How the platform the sandbox models treats push URLs: in dev mode ({@code MOLECULE_ENV=dev},
 * the sandbox's default, so agents on loopback work) loopback URLs are accepted and called;
 * otherwise they are refused at registration and {@code localhost} fails every dispatch with 502.
 * With always-auth ({@code MOLECULE_A2A_ALWAYS_AUTH=1}, the default) the bearer goes to every URL,
 * private addresses included. Hosted platforms (an org id) accept private addresses. Thread-safe.
 */
final class PushPolicy {

  private final boolean hosted;
  private volatile boolean devMode = true;
  private volatile boolean alwaysAuth = true;

  PushPolicy(boolean hosted) {
    this.hosted = hosted;
  }

  boolean hosted() {
    return hosted;
  }

  boolean devMode() {
    return devMode;
  }

  void devMode(boolean dev) {
    devMode = dev;
  }

  boolean alwaysAuth() {
    return alwaysAuth;
  }

  void alwaysAuth(boolean always) {
    alwaysAuth = always;
  }
}
