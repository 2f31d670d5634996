/*
 * Reference for java-reference.test.ts: writes configuration trees the way
 * panc's PanFormatter and JsonFormatter do, with the real JDK XML serializer
 * (SAX TransformerHandler, indent 4) and the real Gson (pretty printing,
 * HTML-safe escaping), each through a UTF-8 writer as panc opens its files.
 *
 * Input (file given as argument 1): {"trees": [tree...], "dirs": [absolute
 * directory...]}, each tree node
 *   {"t":"dict","e":[[key,node],...]} | {"t":"list","e":[node,...]} |
 *   {"t":"long"|"double","v":"<decimal>"} | {"t":"string","v":"..."} | {"t":"boolean","v":true}
 * Output (stdout, one line): {"trees": [{"xml": base64, "xmlGz": base64,
 * "json": base64}...], "dirUris": [...]}, with "xmlError"/"jsonError" (the
 * exception message) in place of what could not be written; "dirUris" are
 * the .dep locations panc writes for the dirs (File.toURI of a directory).
 */
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import javax.xml.XMLConstants;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.sax.SAXTransformerFactory;
import javax.xml.transform.sax.TransformerHandler;
import javax.xml.transform.stream.StreamResult;
import org.xml.sax.helpers.AttributesImpl;

public class PancFormatters {

  public static void main(String[] args) throws Exception {
    JsonObject input;
    try (Reader r = Files.newBufferedReader(Paths.get(args[0]), StandardCharsets.UTF_8)) {
      input = JsonParser.parseReader(r).getAsJsonObject();
    }
    JsonArray results = new JsonArray();
    for (JsonElement c : input.getAsJsonArray("trees")) {
      JsonObject tree = c.getAsJsonObject();
      JsonObject result = new JsonObject();
      try {
        byte[] xml = writePan(tree);
        result.addProperty("xml", base64(xml));
        result.addProperty("xmlGz", base64(gzip(xml)));
      } catch (Exception e) {
        result.addProperty("xmlError", String.valueOf(e.getMessage()));
      }
      try {
        result.addProperty("json", base64(writeJson(tree)));
      } catch (Exception e) {
        result.addProperty("jsonError", String.valueOf(e.getMessage()));
      }
      results.add(result);
    }
    JsonArray uris = new JsonArray();
    for (JsonElement dir : input.getAsJsonArray("dirs")) uris.add(directoryUri(dir.getAsString()));
    JsonObject output = new JsonObject();
    output.add("trees", results);
    output.add("dirUris", uris);
    System.out.println(new GsonBuilder().disableHtmlEscaping().create().toJson(output));
  }

  static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  /** File.toURI() of an existing directory, without touching the file system. */
  static String directoryUri(String absoluteDir) throws Exception {
    String path = absoluteDir.endsWith("/") ? absoluteDir : absoluteDir + "/";
    return new URI("file", null, path, null).toString();
  }

  /** What panc's gzip formats write: the same text through a GZIPOutputStream. */
  static byte[] gzip(byte[] content) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(content);
    }
    return bytes.toByteArray();
  }

  // ---- panc's PanFormatter ----

  static byte[] writePan(JsonObject root) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintWriter ps = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));
    TransformerFactory factory = TransformerFactory.newInstance();
    try {
      factory.setAttribute("indent-number", Integer.valueOf(4));
    } catch (Exception e) {
      // not supported: keep the default
    }
    TransformerHandler handler = ((SAXTransformerFactory) factory).newTransformerHandler();
    Transformer transformer = handler.getTransformer();
    transformer.setOutputProperty(OutputKeys.INDENT, "yes");
    transformer.setOutputProperty(OutputKeys.METHOD, "xml");
    handler.setResult(new StreamResult(ps));
    AttributesImpl atts = new AttributesImpl();
    handler.startDocument();
    atts.addAttribute(XMLConstants.NULL_NS_URI, null, "format", "CDATA", "pan");
    atts.addAttribute(XMLConstants.NULL_NS_URI, null, "name", "CDATA", "profile");
    writeChild(handler, atts, root);
    handler.endDocument();
    ps.close();
    return bytes.toByteArray();
  }

  static void writeChild(TransformerHandler handler, AttributesImpl atts, JsonObject node)
      throws Exception {
    String type = node.get("t").getAsString();
    String tag = type.equals("dict") ? "nlist" : type;
    handler.startElement(XMLConstants.NULL_NS_URI, null, tag, atts);
    if (type.equals("dict")) {
      for (Map.Entry<String, JsonObject> e : sortedEntries(node).entrySet()) {
        atts.clear();
        atts.addAttribute(XMLConstants.NULL_NS_URI, null, "name", "CDATA", e.getKey());
        writeChild(handler, atts, e.getValue());
      }
    } else if (type.equals("list")) {
      for (JsonElement child : node.getAsJsonArray("e")) {
        atts.clear();
        writeChild(handler, atts, child.getAsJsonObject());
      }
    } else {
      String text = propertyText(node);
      handler.characters(text.toCharArray(), 0, text.length());
    }
    handler.endElement(XMLConstants.NULL_NS_URI, null, tag);
  }

  static String propertyText(JsonObject node) {
    String type = node.get("t").getAsString();
    JsonElement v = node.get("v");
    switch (type) {
      case "long": return Long.toString(Long.parseLong(v.getAsString()));
      case "double": return Double.toString(Double.parseDouble(v.getAsString()));
      case "boolean": return Boolean.toString(v.getAsBoolean());
      default: return v.getAsString();
    }
  }

  /** panc's dicts iterate in key order (String.compareTo). */
  static TreeMap<String, JsonObject> sortedEntries(JsonObject node) {
    TreeMap<String, JsonObject> m = new TreeMap<>();
    for (JsonElement e : node.getAsJsonArray("e")) {
      JsonArray kv = e.getAsJsonArray();
      m.put(kv.get(0).getAsString(), kv.get(1).getAsJsonObject());
    }
    return m;
  }

  // ---- panc's JsonFormatter ----

  static byte[] writeJson(JsonObject root) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintWriter ps = new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));
    Gson gson = new GsonBuilder().setPrettyPrinting().create();
    gson.toJson(toGson(root), ps);
    ps.close();
    return bytes.toByteArray();
  }

  static JsonElement toGson(JsonObject node) {
    String type = node.get("t").getAsString();
    JsonElement v = node.get("v");
    switch (type) {
      case "dict": {
        JsonObject o = new JsonObject();
        for (Map.Entry<String, JsonObject> e : sortedEntries(node).entrySet()) {
          o.add(e.getKey(), toGson(e.getValue()));
        }
        return o;
      }
      case "list": {
        JsonArray a = new JsonArray();
        for (JsonElement child : node.getAsJsonArray("e")) a.add(toGson(child.getAsJsonObject()));
        return a;
      }
      case "long": return new JsonPrimitive(Long.parseLong(v.getAsString()));
      case "double": return new JsonPrimitive(Double.parseDouble(v.getAsString()));
      case "boolean": return new JsonPrimitive(v.getAsBoolean());
      default: return new JsonPrimitive(v.getAsString());
    }
  }
}
