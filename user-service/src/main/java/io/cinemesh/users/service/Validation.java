package io.cinemesh.users.service;

import jakarta.ws.rs.BadRequestException;
import java.util.regex.Pattern;

/** The rules for what people type; each failure says what is wrong, never echoing a secret back. */
public final class Validation {

    public static final int NAME_MAX = 64;
    public static final int PASSWORD_MIN = 8;
    public static final int PASSWORD_MAX = 1024;
    private static final Pattern PIN = Pattern.compile("[0-9]{4}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern RATING = Pattern.compile("[A-Za-z0-9 ./+_-]{1,32}");

    private Validation() {
    }

    public static String name(String name) {
        if (name == null || name.isBlank()) {
            throw new BadRequestException("name is required");
        }
        String n = name.strip();
        if (n.length() > NAME_MAX) {
            throw new BadRequestException("name must be at most " + NAME_MAX + " characters");
        }
        if (n.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("name must not contain control characters");
        }
        return n;
    }

    public static String password(String password) {
        if (password == null || password.isEmpty()) {
            throw new BadRequestException("password is required");
        }
        if (password.length() < PASSWORD_MIN || password.length() > PASSWORD_MAX) {
            throw new BadRequestException("password must be " + PASSWORD_MIN + " to " + PASSWORD_MAX + " characters");
        }
        return password;
    }

    public static String pin(String pin) {
        if (pin == null || !PIN.matcher(pin).matches()) {
            throw new BadRequestException("pin must be exactly 4 digits");
        }
        return pin;
    }

    public static String email(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        String e = email.strip();
        if (e.length() > 254 || !EMAIL.matcher(e).matches()) {
            throw new BadRequestException("email must be an address like name@example.org (at most 254 characters)");
        }
        return e;
    }

    public static String contentRating(String rating) {
        if (rating == null || rating.isBlank()) {
            return null;
        }
        String r = rating.strip();
        if (!RATING.matcher(r).matches()) {
            throw new BadRequestException("contentRatingLimit must be a rating such as PG-13 or TV-14 (letters, digits,"
                    + " space . / + _ -, at most 32 characters)");
        }
        return r;
    }
}
