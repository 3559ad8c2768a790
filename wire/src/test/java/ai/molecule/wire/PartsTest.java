package ai.molecule.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.spi.Part;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartsTest {

  private static JsonElement json(String text) {
    return JsonParser.parseString(text);
  }

  @Test
  void everyKindGoesOutAndComesBackTheSame() {
    List<Part> parts = List.of(new Part.Text("hello\nthere"),
        new Part.File("a.png", "image/png", "platform-pending:ws/f1", 12345),
        new Part.File("b.txt", null, "https://example.com/b.txt", -1),
        new Part.Data("{\"n\":1,\"list\":[true,null]}"));
    assertEquals(parts, Parts.strict(Parts.toJson(parts)));
  }

  @Test
  void writesThePlatformsShapes() {
    assertEquals(json("{\"kind\":\"text\",\"text\":\"hi\"}"), Parts.toJson(new Part.Text("hi")));
    assertEquals(json("{\"kind\":\"file\",\"file\":{\"name\":\"a.png\",\"mimeType\":\"image/png\","
        + "\"uri\":\"platform-pending:ws/f1\",\"size\":12}}"),
        Parts.toJson(new Part.File("a.png", "image/png", "platform-pending:ws/f1", 12)));
    assertEquals(json("{\"kind\":\"data\",\"data\":{\"a\":[1,2]}}"), Parts.toJson(new Part.Data("{\"a\":[1,2]}")));
  }

  @Test
  void aFileWithoutANameIsNamedAfterItsUriAndNothingUnknownIsSent() {
    JsonObject file = Parts.fileJson(new Part.File("", null, "workspace:/workspace/out/report.pdf?x=1", -1));
    assertEquals(json("{\"name\":\"report.pdf\",\"uri\":\"workspace:/workspace/out/report.pdf?x=1\"}"), file);
    assertEquals("attachment", Parts.fileJson(new Part.File(null, null, "/", -1))
        .get("name").getAsString());
  }

  @Test
  void dataThatIsNotJsonTravelsAsText() {
    assertEquals(json("{\"kind\":\"data\",\"data\":{\"text\":\"not json {\"}}"),
        Parts.toJson(new Part.Data("not json {")));
    assertEquals(json("{\"kind\":\"data\",\"data\":{\"text\":\"\"}}"), Parts.toJson(new Part.Data("")));
  }

  @Test
  void theLegacyTypeNamesTheKind() {
    assertEquals(new Part.Text("hi"), Parts.fromJson(json("{\"type\":\"text\",\"text\":\"hi\"}")));
    assertEquals(new Part.Data("{\"a\":1}"), Parts.fromJson(json("{\"type\":\"data\",\"data\":{\"a\":1}}")));
    // kind wins over type
    assertEquals(new Part.Text("hi"), Parts.fromJson(json("{\"kind\":\"text\",\"type\":\"file\",\"text\":\"hi\"}")));
  }

  @Test
  void withNoKindTheContentFieldNamesIt() {
    assertEquals(new Part.Text("hi"), Parts.fromJson(json("{\"text\":\"hi\"}")));
    assertEquals(new Part.File("a", null, "u:1", -1), Parts.fromJson(json("{\"file\":{\"name\":\"a\",\"uri\":\"u:1\"}}")));
    assertEquals(new Part.Data("[1]"), Parts.fromJson(json("{\"data\":[1]}")));
  }

  @Test
  void aFilesFieldsMayBeFlatAndSpelledTheOldWays() {
    assertEquals(new Part.File("a.png", "image/png", "https://x/a.png", 7),
        Parts.fromJson(json("{\"kind\":\"file\",\"name\":\"a.png\",\"mimeType\":\"image/png\","
            + "\"uri\":\"https://x/a.png\",\"size\":7}")));
    assertEquals(new Part.File("a.png", "image/png", "https://x/a.png", -1),
        Parts.fromJson(json("{\"kind\":\"file\",\"file\":{\"name\":\"a.png\",\"mime_type\":\"image/png\","
            + "\"url\":\"https://x/a.png\",\"size\":\"big\"}}")));
  }

  @Test
  void whatIsNoPartIsRefusedWithTheReason() {
    assertEquals("it is not an object", assertThrows(Parts.NotAPart.class, () -> Parts.fromJson(json("\"hi\""))).getMessage());
    assertEquals("its kind 'image' is not text, file or data",
        assertThrows(Parts.NotAPart.class, () -> Parts.fromJson(json("{\"kind\":\"image\",\"uri\":\"u\"}"))).getMessage());
    assertEquals("a file part without a uri",
        assertThrows(Parts.NotAPart.class, () -> Parts.fromJson(json("{\"kind\":\"file\",\"file\":{\"bytes\":\"AA==\"}}")))
            .getMessage());
    assertEquals("a text part without a text",
        assertThrows(Parts.NotAPart.class, () -> Parts.fromJson(json("{\"kind\":\"text\",\"text\":{}}"))).getMessage());
    assertEquals("a data part without data",
        assertThrows(Parts.NotAPart.class, () -> Parts.fromJson(json("{\"kind\":\"data\",\"data\":null}"))).getMessage());
    assertEquals("it has no kind (text, file or data)",
        assertThrows(Parts.NotAPart.class, () -> Parts.fromJson(json("{\"uri\":\"u\"}"))).getMessage());
  }

  @Test
  void aTolerantReaderSkipsWhatIsNoPartAndAStrictOneSaysWhichItWas() {
    JsonElement mixed = json("[\"loose text\", {\"kind\":\"text\",\"text\":\"a\"}, 3, {\"kind\":\"video\"},"
        + " {\"type\":\"text\",\"text\":\"b\"}]");
    assertEquals(List.of(new Part.Text("a"), new Part.Text("b")), Parts.readable(mixed));
    assertEquals("part 0: it is not an object", assertThrows(Parts.NotAPart.class, () -> Parts.strict(mixed)).getMessage());
    assertEquals("part 1: its kind 'video' is not text, file or data", assertThrows(Parts.NotAPart.class,
        () -> Parts.strict(json("[{\"text\":\"a\"},{\"kind\":\"video\"}]"))).getMessage());
  }

  @Test
  void missingPartsAreNoneToATolerantReaderAndAnErrorToAStrictOne() {
    assertTrue(Parts.readable(null).isEmpty());
    assertTrue(Parts.readable(json("{\"kind\":\"text\"}")).isEmpty());
    assertEquals("parts must be an array", assertThrows(Parts.NotAPart.class, () -> Parts.strict(null)).getMessage());
    assertEquals("parts must be an array",
        assertThrows(Parts.NotAPart.class, () -> Parts.strict(json("\"text\""))).getMessage());
  }

  @Test
  void textJoinsTheTextPartsAndWholeTextTheDataToo() {
    List<Part> parts = List.of(new Part.Text("one"), new Part.File("f", null, "u:f", -1), new Part.Data("{\"a\":1}"),
        new Part.Text("two"));
    assertEquals("one\n\ntwo", Parts.text(parts));
    assertEquals("one\n\n```json\n{\"a\":1}\n```\n\ntwo", Parts.wholeText(parts));
    assertEquals(List.of(new Part.File("f", null, "u:f", -1)), Parts.files(parts));
  }
}
