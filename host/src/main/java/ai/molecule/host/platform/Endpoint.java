package ai.molecule.host.platform;

/**
 * The platform's endpoints as this host uses them: each has a name for log lines and a class of
 * deadline (platform-api.md: control calls are short, a reply to a push-mode peer may be held for
 * the peer's whole turn, file transfers move megabytes).
 */
enum Endpoint {
  REGISTER("register", Timing.CONTROL, false),
  HEARTBEAT("heartbeat", Timing.CONTROL, false),
  POLL("poll", Timing.CONTROL, true),
  ACK("ack", Timing.CONTROL, true),
  TASK_UPDATE("task update", Timing.CONTROL, true),
  NOTIFY("notify", Timing.CONTROL, true),
  STATE("state", Timing.CONTROL, true),
  PEER("reply", Timing.PEER, true),
  UPLOAD_READ("upload", Timing.FILE, true),
  UPLOAD_WRITE("file upload", Timing.FILE, true),
  EVENTS("event stream", Timing.CONTROL, true);

  enum Timing { CONTROL, PEER, FILE }

  final String label;
  final Timing timing;
  /** Hosted platforms route it by {@code X-Molecule-Org-Id}; register and heartbeat go by token. */
  final boolean tenantRouted;

  Endpoint(String label, Timing timing, boolean tenantRouted) {
    this.label = label;
    this.timing = timing;
    this.tenantRouted = tenantRouted;
  }
}
