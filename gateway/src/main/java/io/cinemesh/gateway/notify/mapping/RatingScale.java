package io.cinemesh.gateway.notify.mapping;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A managed user's content-rating limit as an age, on the one scale library-service keeps in SQL
 * ({@code content_rating_scale} and {@code content_rating_limit_age} in its migration V5, documented in
 * docs/admin-api.md): the notification sockets compare it with the {@code ratingAge} library events carry.
 * The two must agree; {@code RatingScaleTest} pins the same table.
 */
public final class RatingScale {

    private static final Pattern COUNTRY_AGE = Pattern.compile("^[A-Z]{2}/[A-Z-]*([0-9]{1,2})\\+?$");

    private RatingScale() {
    }

    /** The limit's age; null for no limit; 0 for a label the scale cannot place (only age-0 and unrated pass). */
    public static Integer limitAge(String limit) {
        if (limit == null || limit.isBlank()) {
            return null;
        }
        Integer age = scale(limit);
        return age == null ? 0 : age;
    }

    static Integer scale(String rating) {
        String r = rating.strip().replaceFirst("^(us|US)/", "").toUpperCase(Locale.ROOT);
        switch (r) {
            case "G", "TV-Y":
                return 0;
            case "TV-Y7", "TV-Y7-FV":
                return 7;
            case "TV-G":
                return 8;
            case "PG", "TV-PG":
                return 10;
            case "PG-13":
                return 13;
            case "TV-14":
                return 14;
            case "R", "TV-MA":
                return 17;
            case "NC-17", "X":
                return 18;
            default:
                Matcher m = COUNTRY_AGE.matcher(r);
                return m.matches() ? Math.min(Integer.parseInt(m.group(1)), 18) : null;
        }
    }
}
