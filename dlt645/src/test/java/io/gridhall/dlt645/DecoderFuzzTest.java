package io.gridhall.dlt645;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Bytes from outside must end in a frame, a typed {@link DecodeException} or nothing; any other
 * exception is a bug. Without JAZZER_FUZZ this runs the seeds under
 * src/test/resources/io/gridhall/dlt645/DecoderFuzzTestInputs as regression tests in the normal
 * build; with JAZZER_FUZZ=1 it fuzzes.
 */
class DecoderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void frameDecoderOnlyFailsWithTypedErrors(byte[] input) {
        try {
            Frame frame = Frame.decode(input);
            parseBothWays(frame);
        } catch (DecodeException expected) {
            // A typed error is the contract for bad bytes.
        }
    }

    @FuzzTest(maxDuration = "30s")
    void streamScannerOnlyFailsWithTypedErrors(FuzzedDataProvider data) {
        FrameScanner scanner = new FrameScanner(data.consumeInt(0, 255));
        while (data.remainingBytes() > 0) {
            byte[] chunk = data.consumeBytes(data.consumeInt(1, 64));
            for (Frame frame : scanner.feed(chunk).frames()) {
                parseBothWays(frame);
            }
        }
    }

    private static void parseBothWays(Frame frame) {
        try {
            if (Reply.parse(frame) instanceof Reply.ReadData read) {
                read.values();
            }
        } catch (DecodeException expected) {
            // Not a reply or not a value this library knows.
        }
        try {
            Request.parse(frame, ControlSecurity.PLAIN);
        } catch (DecodeException expected) {
            // Not a request this library knows.
        }
    }
}
