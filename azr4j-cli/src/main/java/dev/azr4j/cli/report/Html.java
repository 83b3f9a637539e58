package dev.azr4j.cli.report;

/**
 * Escaping for everything the page takes from the run: model output is hostile text, so it only
 * ever reaches the page as escaped element text or attribute values, or inside the JSON data block
 * with every {@code <}, {@code >} and {@code &} written as a JSON unicode escape (so that no
 * {@code </script>} can end the block).
 */
final class Html {
    private Html() {}

    /** Text for an element's content or a quoted attribute value. */
    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // control characters other than tab/newline are not allowed in HTML text
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') b.append('\uFFFD');
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }

    /** JSON text made safe to sit inside {@code <script type="application/json">}. */
    static String scriptJson(String json) {
        return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
    }
}
