package ai.molecule.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The figures of a run and the notes that qualify them, printed as one table at the end. */
public final class Report {

  private static final String[] HEADINGS = {"figure", "measured", "target", "result"};

  private final List<Figure> figures = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public void add(List<Figure> more) {
    figures.addAll(more);
  }

  /** A line printed under the table: the conditions the figures were measured in. */
  public void note(String note) {
    notes.add(note);
  }

  public void print(PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADINGS);
    figures.forEach(f -> rows.add(new String[] {f.name(), f.measured(), f.target(), f.verdict().label()}));
    int[] widths = new int[HEADINGS.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    out.println();
    for (int r = 0; r < rows.size(); r++) {
      out.println(line(rows.get(r), widths));
      if (r == 0) {
        String[] rule = new String[widths.length];
        for (int i = 0; i < widths.length; i++) {
          rule[i] = "-".repeat(widths[i]);
        }
        out.println(line(rule, widths));
      }
    }
    if (!notes.isEmpty()) {
      out.println();
      notes.forEach(note -> out.println("- " + note));
    }
  }

  private static String line(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      line.append(i == 0 ? "" : "  ").append(i == cells.length - 1 ? cells[i] : pad(cells[i], widths[i]));
    }
    return line.toString();
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }
}
