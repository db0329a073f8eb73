package io.gridhall.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The link protocol between a concentrator (DTU, GPRS/4G module) and the head-end, as cheap DTUs
 * speak it: the DTU opens TCP to the head-end, sends one ASCII registration line, then the
 * connection is transparent: DL/T 645 frames in both directions, with an ASCII heartbeat between
 * frames.
 *
 * <pre>
 *   DTU -> head-end   "DTU:" id [":" secret] "\n"
 *                                         once, first bytes after connect; id = 12 chars [0-9A-Z];
 *                                         secret = 8..64 printable ASCII, no blank or comma, when the
 *                                         concentrator has a registration secret (as a real DTU's
 *                                         configurable registration packet carries one)
 *   head-end -> DTU   DL/T 645 requests   any time after the registration line
 *   DTU -> head-end   DL/T 645 replies
 *   DTU -> head-end   "HB\n"              every heartbeat interval, never inside a frame
 * </pre>
 *
 * <p>The head-end needs no reply to either line. Neither line contains 0x68, so a head-end that
 * feeds everything after the registration line to a {@code FrameScanner} sees heartbeats as a
 * few skipped bytes; one that wants liveness can look for {@link #HEARTBEAT} between frames.
 */
public final class DtuProtocol {

    public static final String REGISTRATION_PREFIX = "DTU:";
    public static final int ID_LENGTH = 12;
    /** The heartbeat line, 48 42 0A. */
    public static final String HEARTBEAT = "HB\n";

    public static final byte[] HEARTBEAT_BYTES = HEARTBEAT.getBytes(StandardCharsets.US_ASCII);
    /** Registration line length including the newline. */
    public static final int REGISTRATION_LENGTH = REGISTRATION_PREFIX.length() + ID_LENGTH + 1;

    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(60);
    /** A head-end may drop a link that sent nothing (frame or heartbeat) for three intervals. */
    public static final int MISSED_HEARTBEATS_BEFORE_DROP = 3;

    private static final Pattern ID = Pattern.compile("[0-9A-Z]{12}");
    private static final Pattern SECRET = Pattern.compile("[\\x21-\\x2B\\x2D-\\x7E]{8,64}");

    private DtuProtocol() {}

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static byte[] registration(String id) {
        return registration(id, null);
    }

    /** The registration line with a secret (null: none). */
    public static byte[] registration(String id, String secret) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException("a DTU id has 12 characters 0-9 A-Z: " + id);
        }
        if (secret != null && !SECRET.matcher(secret).matches()) {
            throw new IllegalArgumentException(
                    "a registration secret has 8..64 printable characters, no blank or comma");
        }
        return (REGISTRATION_PREFIX + id + (secret == null ? "" : ":" + secret) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The id in a registration line (with or without its newline), if it is one. */
    public static Optional<String> parseRegistration(byte[] line) {
        String text = new String(line, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith(REGISTRATION_PREFIX)) {
            return Optional.empty();
        }
        String id = text.substring(REGISTRATION_PREFIX.length());
        int colon = id.indexOf(':');
        if (colon == ID_LENGTH && SECRET.matcher(id.substring(colon + 1)).matches()) {
            id = id.substring(0, colon);
        }
        return isValidId(id) ? Optional.of(id) : Optional.empty();
    }
}
