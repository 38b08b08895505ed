package io.cinemesh.stream.part;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The slice of a file a {@code Range} header gets: 206 with that slice, 200 with the whole file, or 416. */
class ByteRangeTest {

    static final long SIZE = 1000;

    private static ByteRange slice(String header, long size) {
        return ByteRange.parse(header, size).orElseThrow(() -> new AssertionError("no range for " + header));
    }

    private static void wholeFile(String header) {
        assertEquals(Optional.empty(), ByteRange.parse(header, SIZE), header);
    }

    @Test
    void aPlayerThatStartsAtTheBeginningGetsEveryByteAsOneRange() {
        ByteRange r = slice("bytes=0-", SIZE);
        assertEquals(new ByteRange(0, 999), r);
        assertEquals(1000, r.length());
        assertEquals("bytes 0-999/1000", r.contentRange(SIZE));
    }

    @Test
    void aSeekAnswersFromThatByteAndAClosedRangeExactlyItsBytes() {
        assertEquals(new ByteRange(500, 999), slice("bytes=500-", SIZE));
        ByteRange r = slice("bytes=100-199", SIZE);
        assertEquals(100, r.length());
        assertEquals("bytes 100-199/1000", r.contentRange(SIZE));
        assertEquals(1, slice("bytes=0-0", SIZE).length());
        assertEquals(new ByteRange(999, 999), slice("bytes=999-", SIZE));
    }

    @Test
    void aSuffixRangeIsTheLastBytesAndALongerSuffixTheWholeFile() {
        // players read an MP4's moov atom at the end this way
        assertEquals(new ByteRange(500, 999), slice("bytes=-500", SIZE));
        assertEquals(new ByteRange(999, 999), slice("bytes=-1", SIZE));
        assertEquals(new ByteRange(0, 999), slice("bytes=-5000", SIZE));
    }

    @Test
    void aRangeRunningPastTheEndStopsAtTheLastByte() {
        assertEquals(new ByteRange(900, 999), slice("bytes=900-5000", SIZE));
        assertEquals("bytes 900-999/1000", slice("bytes=900-5000", SIZE).contentRange(SIZE));
    }

    @Test
    void aRangeThatStartsAtOrBeyondTheEndIs416() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=1000-", SIZE));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=5000-6000", SIZE));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", SIZE));
    }

    @Test
    void noRangeOfAnEmptyFileCanBeSatisfied() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=0-", 0));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-10", 0));
        assertEquals(Optional.empty(), ByteRange.parse(null, 0));
    }

    @Test
    void aBackwardsRangeIsInvalidAndIgnoredSoTheWholeFileIsServed() {
        wholeFile("bytes=100-50");
    }

    @Test
    void garbageIsIgnoredAndTheWholeFileServed() {
        wholeFile("bytes=");
        wholeFile("bytes=-");
        wholeFile("bytes=500");
        wholeFile("bytes=abc-def");
        wholeFile("bytes=0x10-");
        wholeFile("bytes=--5");
        wholeFile("bytes=1.5-2");
        wholeFile("");
    }

    @Test
    void noHeaderOrAnotherUnitServesTheWholeFile() {
        wholeFile(null);
        wholeFile("items=0-10");
        wholeFile("0-10");
        wholeFile("bytes 0-10");
    }

    @Test
    void severalRangesAreAnsweredWithTheWholeFileRatherThanAMultipartBody() {
        wholeFile("bytes=0-1,5-6");
        wholeFile("bytes=0-99, 200-299");
        wholeFile("bytes=-100,0-99");
    }

    @Test
    void theUnitIsCaseInsensitiveAndSpacesAroundTheNumbersAreTolerated() {
        assertEquals(new ByteRange(0, 9), slice("Bytes=0-9", SIZE));
        assertEquals(new ByteRange(0, 9), slice("BYTES=0-9", SIZE));
        assertEquals(new ByteRange(10, 19), slice("  bytes= 10 - 19 ", SIZE));
    }

    @Test
    void aFilmLargerThan4GiBIsAddressedToItsLastByte() {
        long size = 12L * 1024 * 1024 * 1024;
        ByteRange tail = slice("bytes=" + (size - 1) + "-", size);
        assertEquals(1, tail.length());
        assertEquals("bytes 12884901887-12884901887/12884901888", tail.contentRange(size));
        assertEquals(new ByteRange(size - 1_000_000, size - 1), slice("bytes=-1000000", size));
        assertEquals(size, slice("bytes=0-", size).length());
    }
}
