package ai.molecule.host.platform;

import java.io.IOException;
import java.io.InputStream;
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

  /**
   * Reads a page from the feed's JSON, row by row and within these limits (see {@link
   * ActivityFeedParser}): the one reading of a page, for the client and for fakes of the platform.
   *
   * @throws IOException when the body is not a page (an error object, not JSON, cut off)
   */
  public static ActivityPage read(InputStream body, long rowLimit, long pageBudget) throws IOException {
    ActivityFeedParser.Page page = ActivityFeedParser.parse(body, rowLimit, pageBudget);
    return new ActivityPage(page.rows(), page.cut());
  }
}
