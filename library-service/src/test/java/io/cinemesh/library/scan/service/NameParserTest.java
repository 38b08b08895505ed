package io.cinemesh.library.scan.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cinemesh.library.metadata.mapping.PlexTypes;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a library shows for a file, from its path below the section folder and its tags, as Plex names things. */
class NameParserTest {

    private static ParsedMedia parse(String type, String relative) {
        return NameParser.parse(type, relative, null);
    }

    private static ParsedMedia parse(String type, String relative, Map<String, String> tags) {
        return NameParser.parse(type, relative, new ProbeResult("matroska,webm", 1000L, 8000, tags, List.of()));
    }

    @Test
    void aFilmInItsOwnFolderIsItsTitleAndTheYearInParentheses() {
        ParsedMedia.Node film = parse("movie", "The Matrix (1999)/The Matrix (1999) 1080p.mkv").leaf();
        assertEquals(PlexTypes.MOVIE, film.type());
        assertEquals("The Matrix", film.title());
        assertEquals(1999, film.year());
        assertEquals(List.of(), parse("movie", "The Matrix (1999).mkv").containers());
    }

    @Test
    void aReleaseNameLosesItsDotsAndEverythingFromTheYearOn() {
        ParsedMedia.Node film = parse("movie", "The.Matrix.1999.1080p.BluRay.x264-GRP.mkv").leaf();
        assertEquals("The Matrix", film.title());
        assertEquals(1999, film.year());
        assertEquals("Spider-Man Far From Home", parse("movie", "Spider-Man.Far.From.Home.2019.mkv").leaf().title());
    }

    @Test
    void aNumberInTheTitleIsNotTakenForTheYear() {
        ParsedMedia.Node space = parse("movie", "2001 A Space Odyssey (1968).mkv").leaf();
        assertEquals("2001 A Space Odyssey", space.title());
        assertEquals(1968, space.year());
        ParsedMedia.Node war = parse("movie", "1917.2019.1080p.mkv").leaf();
        assertEquals("1917", war.title());
        assertEquals(2019, war.year());
        assertEquals("(500) Days of Summer", parse("movie", "(500) Days of Summer (2009).mp4").leaf().title());
    }

    @Test
    void aYearLikeNumberInAReleaseNameBeforeTheRealYearStaysInTheTitle() {
        ParsedMedia.Node film = parse("movie", "Blade.Runner.2049.2017.1080p.BluRay.x264.mkv").leaf();
        assertEquals("Blade Runner 2049", film.title());
        assertEquals(2017, film.year());
    }

    @Test
    void aBareNameKeepsItsAccentsCaseAndSpacesAndHasNoYear() {
        ParsedMedia.Node film = parse("movie", "Amélie.mp4").leaf();
        assertEquals("Amélie", film.title());
        assertNull(film.year());
        assertEquals("Mr. Nobody", parse("movie", "Mr. Nobody.mkv").leaf().title());
    }

    @Test
    void theContainersTitleTagBeatsTheFileNameAndItsDateGivesTheYearTheNameLacks() {
        ParsedMedia.Node film = parse("movie", "stub.name.2010.mkv", Map.of("title", "Coup de Grâce")).leaf();
        assertEquals("Coup de Grâce", film.title());
        assertEquals(2010, film.year());
        ParsedMedia.Node dated = parse("movie", "Heat.mkv", Map.of("date", "1995-12-15", "genre", "Crime; Drama"))
                .leaf();
        assertEquals(1995, dated.year());
        assertEquals(LocalDate.of(1995, 12, 15), dated.date());
        assertEquals(List.of("Crime", "Drama"), dated.genres());
    }

    @Test
    void anEpisodeInASeasonFolderIsShowSeasonNumberAndTitle() {
        ParsedMedia p = parse("show", "Show/Season 01/Show - S01E02 - The Title.mkv");
        assertEquals(List.of(PlexTypes.SHOW, PlexTypes.SEASON), p.containers().stream().map(ParsedMedia.Node::type)
                .toList());
        assertEquals("Show", p.containers().get(0).title());
        assertEquals("Season 1", p.containers().get(1).title());
        assertEquals(1, p.containers().get(1).index());
        assertEquals(PlexTypes.EPISODE, p.leaf().type());
        assertEquals("The Title", p.leaf().title());
        assertEquals(2, p.leaf().index());
        assertEquals(1, p.leaf().parentIndex());
    }

    @Test
    void anEpisodeWithoutATitleIsCalledByItsNumberAndTheFileBeatsTheSeasonFolder() {
        ParsedMedia p = parse("show", "Show One/Season 1/s02e05.mp4");
        assertEquals("Episode 5", p.leaf().title());
        assertEquals(2, p.leaf().parentIndex());
        assertEquals("Season 2", p.containers().get(1).title());
    }

    @Test
    void anEpisodeAtTheSectionRootIsFiledUnderTheShowItsNameStartsWith() {
        ParsedMedia loose = parse("show", "Show One - S02E02 - Finale.mp4");
        ParsedMedia filed = parse("show", "Show One/Season 2/S02E01.mp4");
        assertEquals("Show One", loose.containers().get(0).title());
        assertEquals(filed.containers().get(0).matchKey(), loose.containers().get(0).matchKey());
        assertEquals("Finale", loose.leaf().title());
        assertEquals("The Office", parse("show", "The.Office.S03E10.mkv").containers().get(0).title());
    }

    @Test
    void theOtherWaysToNumberEpisodesAndSpecialsAreUnderstood() {
        ParsedMedia x = parse("show", "Show/Season 1/1x03 - Title.mkv");
        assertEquals(1, x.leaf().parentIndex());
        assertEquals(3, x.leaf().index());
        assertEquals("Title", x.leaf().title());
        ParsedMedia twoInOne = parse("show", "Show/Season 1/Show - S01E01-E02 - Pilot.mkv");
        assertEquals(1, twoInOne.leaf().index());
        assertEquals("Pilot", twoInOne.leaf().title());
        ParsedMedia special = parse("show", "Show/Specials/Behind the Scenes.mkv");
        assertEquals("Specials", special.containers().get(1).title());
        assertEquals("Behind the Scenes", special.leaf().title());
        assertEquals(0, special.leaf().parentIndex());
    }

    @Test
    void anEpisodeNamedOnlyByItsTagsTakesSeasonAndNumberFromThem() {
        ParsedMedia p = parse("show", "Show/pilot.mkv", Map.of("season_number", "3", "episode_sort", "7"));
        assertEquals(3, p.leaf().parentIndex());
        assertEquals(7, p.leaf().index());
        assertEquals("Episode 7", p.leaf().title());
    }

    @Test
    void aShowFolderWithTheYearIsTheTitleAndTheYear() {
        ParsedMedia.Node show = parse("show", "Doctor Who (2005)/Season 01/Doctor Who (2005) - S01E01 - Rose.mkv")
                .containers().get(0);
        assertEquals("Doctor Who", show.title());
        assertEquals(2005, show.year());
    }

    @Test
    void aSceneReleaseNameDoesNotMakeAnEpisodeTitleOfItsQualityTags() {
        ParsedMedia p = parse("show", "Show Name/Season 1/Show.Name.S01E02.720p.HDTV.x264-GRP.mkv");
        assertEquals("Episode 2", p.leaf().title());
    }

    @Test
    void aTrackInArtistAndAlbumFoldersIsNumberedByItsFileName() {
        ParsedMedia p = parse("artist", "Björk/Homogénic/01 - Jóga.mp3");
        assertEquals("Björk", p.containers().get(0).title());
        assertEquals("björk", p.containers().get(0).matchKey());
        assertEquals("Homogénic", p.containers().get(1).title());
        assertEquals(PlexTypes.TRACK, p.leaf().type());
        assertEquals("Jóga", p.leaf().title());
        assertEquals(1, p.leaf().index());
        assertEquals(1, p.leaf().parentIndex());
    }

    @Test
    void anArtistDashAlbumFolderAndDiscFoldersAndDiscPrefixesAreUnderstood() {
        ParsedMedia one = parse("artist", "Sigur Rós - Ágætis byrjun/1 - Svefn-g-englar.mp3");
        assertEquals("Sigur Rós", one.containers().get(0).title());
        assertEquals("Ágætis byrjun", one.containers().get(1).title());
        assertEquals("Svefn-g-englar", one.leaf().title());
        ParsedMedia cd2 = parse("artist", "Pink Floyd/The Wall/CD2/03 - Hey You.flac");
        assertEquals("The Wall", cd2.containers().get(1).title());
        assertEquals(2, cd2.leaf().parentIndex());
        assertEquals(3, cd2.leaf().index());
        ParsedMedia prefixed = parse("artist", "Pink Floyd/The Wall/2-05 Comfortably Numb.flac");
        assertEquals(2, prefixed.leaf().parentIndex());
        assertEquals(5, prefixed.leaf().index());
        assertEquals("Comfortably Numb", prefixed.leaf().title());
    }

    @Test
    void aTracksTagsBeatItsFoldersAndTheAlbumArtistGroupsACompilation() {
        ParsedMedia p = parse("artist", "Misc/track.mp3", Map.of("album_artist", "Various Artists", "artist",
                "Blur", "album", "Now 30", "title", "Song 2", "track", "4/20", "disc", "1/2", "date", "1995"));
        assertEquals("Various Artists", p.containers().get(0).title());
        assertEquals("Now 30", p.containers().get(1).title());
        assertEquals(1995, p.containers().get(1).year());
        assertEquals("Song 2", p.leaf().title());
        assertEquals(4, p.leaf().index());
        ParsedMedia loose = parse("artist", "Some Song.mp3");
        assertEquals("Unknown Artist", loose.containers().get(0).title());
        assertEquals("Unknown Album", loose.containers().get(1).title());
        assertNull(loose.leaf().index());
    }

    @Test
    void photosAreNestedInAnAlbumPerFolderAndDatedByWhenTheyWereTaken() {
        ParsedMedia p = parse("photo", "Holidays/2019/IMG_0001.jpg", Map.of("creation_time",
                "2019-07-04T12:00:00.000000Z"));
        assertEquals(List.of("Holidays", "2019"), p.containers().stream().map(ParsedMedia.Node::title).toList());
        assertEquals(PlexTypes.PHOTO, p.leaf().type());
        assertEquals("IMG_0001", p.leaf().title());
        assertEquals(LocalDate.of(2019, 7, 4), p.leaf().date());
    }

    @Test
    void extensionsAreCutOffAndLowerCasedAndAnUnknownSectionIsRefused() {
        assertEquals("The Matrix (1999)", NameParser.stripExtension("The Matrix (1999).MKV"));
        assertEquals("mkv", NameParser.extension("The Matrix (1999).MKV"));
        assertEquals(".hidden", NameParser.stripExtension(".hidden"));
        assertEquals("", NameParser.extension("README"));
        assertThrows(IllegalArgumentException.class, () -> parse("podcast", "a.mp3"));
    }
}
