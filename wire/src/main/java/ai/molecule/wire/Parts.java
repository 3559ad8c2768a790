package ai.molecule.wire;

import ai.molecule.spi.Part;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * A2A parts both ways: {@code {"kind":"text","text":…}}, {@code {"kind":"file","file":{"name",
 * "mimeType","uri","size"}}} and {@code {"kind":"data","data":…}}.
 *
 * <p>Written strictly: {@code kind}, the {@code file} object, a name on every file (the platform
 * refuses an attachment without one: the URI's last segment stands in), no null fields.
 *
 * <p>Read with one tolerance, the same for every reader: the kind from {@code kind} or the legacy
 * {@code type}, or, when neither is there, from the one content field present ({@code text},
 * {@code file}, {@code data}); a file's fields in a {@code file} object or flat on the part, {@code
 * url} for {@code uri} and {@code mime_type} for {@code mimeType}; a size that is not an integer is
 * unknown. What still is not a part (not an object, an unknown kind, a file without a URI, a text
 * that is not one) is {@linkplain NotAPart refused with the reason}: {@link #readable} skips it, a
 * reader that must not lose anything ({@link #strict}) reports it.
 */
public final class Parts {

  /** A part that cannot be read, and why. */
  public static final class NotAPart extends IllegalArgumentException {
    NotAPart(String reason) {
      super(reason);
    }
  }

  private Parts() {}

  /** The part in its A2A shape. */
  public static JsonObject toJson(Part part) {
    JsonObject json = new JsonObject();
    if (part instanceof Part.Text t) {
      json.addProperty("kind", "text");
      json.addProperty("text", t.text());
    } else if (part instanceof Part.File f) {
      json.addProperty("kind", "file");
      json.add("file", fileJson(f));
    } else if (part instanceof Part.Data d) {
      json.addProperty("kind", "data");
      json.add("data", dataJson(d.json()));
    }
    return json;
  }

  /** The parts in their A2A shape, in order. */
  public static JsonArray toJson(List<? extends Part> parts) {
    JsonArray array = new JsonArray();
    parts.forEach(part -> array.add(toJson(part)));
    return array;
  }

  /**
   * A file's own object: {@code {"name","mimeType"?,"uri","size"?}}, the {@code file} of a file part
   * and, as it is, an attachment of a notify.
   */
  public static JsonObject fileJson(Part.File file) {
    JsonObject json = new JsonObject();
    json.addProperty("name", file.name().isEmpty() ? nameFrom(file.uri()) : file.name());
    if (file.mimeType() != null) {
      json.addProperty("mimeType", file.mimeType());
    }
    json.addProperty("uri", file.uri());
    if (file.size() >= 0) {
      json.addProperty("size", file.size());
    }
    return json;
  }

  /**
   * The part {@code element} stands for.
   *
   * @throws NotAPart when it is none, saying why
   */
  public static Part fromJson(JsonElement element) {
    if (element == null || !element.isJsonObject()) {
      throw new NotAPart("it is not an object");
    }
    JsonObject part = element.getAsJsonObject();
    String kind = JsonFields.firstString(part, "kind", "type");
    if (kind == null) {
      kind = part.has("text") ? "text" : JsonFields.object(part, "file") != null ? "file" : part.has("data") ? "data" : null;
    }
    if (kind == null) {
      throw new NotAPart("it has no kind (text, file or data)");
    }
    switch (kind) {
      case "text": {
        String text = JsonFields.string(part, "text");
        if (text == null) {
          throw new NotAPart("a text part without a text");
        }
        return new Part.Text(text);
      }
      case "file": {
        JsonObject file = JsonFields.object(part, "file");
        JsonObject fields = file != null ? file : part; // flat: the fields on the part itself
        String uri = JsonFields.firstString(fields, "uri", "url");
        if (uri == null) {
          throw new NotAPart("a file part without a uri");
        }
        return new Part.File(JsonFields.string(fields, "name"), JsonFields.firstString(fields, "mimeType", "mime_type"), uri,
            JsonFields.integer(fields, "size", -1));
      }
      case "data": {
        JsonElement data = part.get("data");
        if (data == null || data.isJsonNull()) {
          throw new NotAPart("a data part without data");
        }
        return new Part.Data(data.toString());
      }
      default:
        throw new NotAPart("its kind '" + kind + "' is not text, file or data");
    }
  }

  /**
   * The parts of {@code array} that can be read, in order, the others left out; none when it is
   * missing or not an array.
   */
  public static List<Part> readable(JsonElement array) {
    List<Part> parts = new ArrayList<>();
    if (array != null && array.isJsonArray()) {
      for (JsonElement element : array.getAsJsonArray()) {
        try {
          parts.add(fromJson(element));
        } catch (NotAPart skipped) {
          // left out, as the javadoc says
        }
      }
    }
    return parts;
  }

  /**
   * Every part of {@code array}, in order.
   *
   * @throws NotAPart when it is not an array, or a part is none ({@code part 2: its kind …})
   */
  public static List<Part> strict(JsonElement array) {
    if (array == null || !array.isJsonArray()) {
      throw new NotAPart("parts must be an array");
    }
    List<Part> parts = new ArrayList<>();
    JsonArray elements = array.getAsJsonArray();
    for (int i = 0; i < elements.size(); i++) {
      try {
        parts.add(fromJson(elements.get(i)));
      } catch (NotAPart e) {
        throw new NotAPart("part " + i + ": " + e.getMessage());
      }
    }
    return parts;
  }

  /** The text of the text parts, joined by blank lines (what the canvas shows of a message). */
  public static String text(List<? extends Part> parts) {
    List<String> texts = new ArrayList<>();
    for (Part part : parts) {
      if (part instanceof Part.Text t) {
        texts.add(t.text());
      }
    }
    return String.join("\n\n", texts);
  }

  /**
   * Everything of the parts a reader of text alone can be given: the text parts and the data (as a
   * fenced JSON block), joined by blank lines; files are left to their own place.
   */
  public static String wholeText(List<? extends Part> parts) {
    StringBuilder text = new StringBuilder();
    for (Part part : parts) {
      String paragraph = part instanceof Part.Text t ? t.text()
          : part instanceof Part.Data d ? "```json\n" + d.json() + "\n```" : null;
      if (paragraph != null) {
        if (text.length() > 0) {
          text.append("\n\n");
        }
        text.append(paragraph);
      }
    }
    return text.toString();
  }

  /** The file parts, in order. */
  public static List<Part.File> files(List<? extends Part> parts) {
    List<Part.File> files = new ArrayList<>();
    for (Part part : parts) {
      if (part instanceof Part.File f) {
        files.add(f);
      }
    }
    return files;
  }

  /** The last segment of the URI's path: a name for a file that came without one. */
  static String nameFrom(String uri) {
    String path = uri.replaceAll("[?#].*$", "").replaceAll("/+$", "");
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.isEmpty() ? "attachment" : last;
  }

  /** The data as JSON; text that does not parse (the spi only promises text), or is empty, travels as {@code {"text":…}}. */
  private static JsonElement dataJson(String json) {
    try {
      JsonElement parsed = JsonParser.parseString(json);
      if (!parsed.isJsonNull() || json.strip().equals("null")) {
        return parsed;
      }
    } catch (RuntimeException notJson) {
      // wrapped below
    }
    JsonObject wrapped = new JsonObject();
    wrapped.addProperty("text", json);
    return wrapped;
  }
}
