package io.cleanport.load;

import java.util.Map;

/** Just enough JSON writing for the driver's one-line report. */
final class Json {

    private final StringBuilder sb = new StringBuilder(512);
    private boolean first = true;

    Json open() {
        comma();
        sb.append('{');
        first = true;
        return this;
    }

    Json close() {
        sb.append('}');
        first = false;
        return this;
    }

    Json key(String k) {
        comma();
        str(k);
        sb.append(':');
        first = true;
        return this;
    }

    Json openArray() {
        comma();
        sb.append('[');
        first = true;
        return this;
    }

    Json closeArray() {
        sb.append(']');
        first = false;
        return this;
    }

    Json field(String k, String v) {
        key(k);
        value(v);
        return this;
    }

    Json field(String k, long v) {
        key(k);
        comma();
        sb.append(v);
        first = false;
        return this;
    }

    Json field(String k, double v) {
        key(k);
        comma();
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            sb.append("null");
        } else {
            sb.append(round(v));
        }
        first = false;
        return this;
    }

    Json field(String k, boolean v) {
        key(k);
        comma();
        sb.append(v);
        first = false;
        return this;
    }

    Json field(String k, Map<String, Integer> map) {
        key(k).open();
        for (Map.Entry<String, Integer> e : map.entrySet()) {
            field(e.getKey(), e.getValue());
        }
        return close();
    }

    Json nullValue(String k) {
        key(k);
        comma();
        sb.append("null");
        first = false;
        return this;
    }

    private void value(String v) {
        comma();
        if (v == null) {
            sb.append("null");
        } else {
            str(v);
        }
        first = false;
    }

    private void comma() {
        if (!first) {
            sb.append(',');
        }
        first = false;
    }

    private void str(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Three decimals are plenty for milliseconds and rates. */
    static String round(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return java.math.BigDecimal.valueOf(v).setScale(3, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
