package io.cinemesh.library.rest;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;

/**
 * Values from paths and query strings, as every library resource reads them: an id in a path that is not a
 * number names nothing, so it is a 404 like an unknown id; a malformed query value is the client's mistake, a 400
 * that names the parameter.
 */
public final class Params {

    private Params() {
    }

    /** The id in a path, or 404 "No {what} {value}". */
    public static long pathId(String value, String what) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new NotFoundException("No " + what + " " + value);
        }
    }

    public static long number(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + " must be a number (got '" + value + "')");
        }
    }

    /** {@link #number}, or null when the parameter is absent or blank. */
    public static Long optionalNumber(String name, String value) {
        return value == null || value.isBlank() ? null : number(name, value);
    }

    public static boolean flag(String name, String value) {
        if (value == null || value.isBlank() || value.equals("0") || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equals("1") || value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new BadRequestException(name + " must be 0 or 1 (got '" + value + "')");
    }
}
