package io.github.vov3d.train.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a {@link MetricRecord} into one line of JSON and back, so that the log format lives in
 * one place. NaN and infinities are written as the bare words {@code NaN}, {@code Infinity} and
 * {@code -Infinity} (what Gson and Python's {@code json} module both accept).
 */
final class MetricJson {

    /** Immutable and thread-safe once built. */
    private static final Gson GSON = new GsonBuilder()
            .serializeSpecialFloatingPointValues()
            .disableHtmlEscaping()
            .create();

    private MetricJson() {
    }

    static String encode(MetricRecord r) {
        JsonObject values = new JsonObject();
        r.values().forEach(values::addProperty);
        JsonObject o = new JsonObject();
        o.addProperty("phase", r.phase());
        o.addProperty("epoch", r.epoch());
        o.addProperty("iteration", r.iteration());
        o.addProperty("time", r.time().toString());
        o.add("values", values);
        return GSON.toJson(o);
    }

    /**
     * Parses one line.
     *
     * @throws IllegalArgumentException saying what is wrong when the line is not a record
     */
    static MetricRecord decode(String line) {
        JsonObject o;
        try {
            o = GSON.fromJson(line, JsonObject.class);
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        if (o == null) {
            throw new IllegalArgumentException("empty line");
        }
        try {
            String phase = required(o, "phase").getAsString();
            int epoch = number(o, "epoch").intValueExact();
            long iteration = number(o, "iteration").longValueExact();
            Instant time = Instant.parse(required(o, "time").getAsString());
            JsonElement v = required(o, "values");
            if (!v.isJsonObject()) {
                throw new IllegalArgumentException("\"values\" must be a JSON object");
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : v.getAsJsonObject().entrySet()) {
                values.put(e.getKey(), toDouble(e.getKey(), e.getValue()));
            }
            return new MetricRecord(phase, epoch, iteration, values, time);
        } catch (ArithmeticException | UnsupportedOperationException | IllegalStateException
                | DateTimeParseException e) {
            throw new IllegalArgumentException("malformed field: " + e.getMessage(), e);
        }
    }

    private static JsonElement required(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("missing field \"" + name + "\"");
        }
        return e;
    }

    private static BigDecimal number(JsonObject o, String name) {
        try {
            return required(o, name).getAsBigDecimal();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field \"" + name + "\" is not an integer", e);
        }
    }

    private static double toDouble(String name, JsonElement e) {
        // a lenient Gson reads the bare words NaN / Infinity as strings; both forms are accepted
        try {
            return e.getAsDouble();
        } catch (NumberFormatException | UnsupportedOperationException | IllegalStateException ex) {
            throw new IllegalArgumentException("value \"" + name + "\" is not a number: " + e, ex);
        }
    }
}
