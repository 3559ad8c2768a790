package ai.molecule.host.platform;

import java.util.List;

/**
 * One page of the activity feed.
 *
 * @param rows the rows, in the order the platform sent them
 * @param cut whether the page was cut short by this host's page budget (more rows are waiting)
 */
public record ActivityPage(List<ActivityRow> rows, boolean cut) {

  public ActivityPage {
    rows = List.copyOf(rows);
  }
}
