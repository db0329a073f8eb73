package io.gridhall.payment.internal;

import io.gridhall.shared.Simulated;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A partner bank that takes our withholding file and answers with its return file (回盘文件), for the demo and the
 * tests only ({@link Simulated}): the same file with a result per row and the trailer's success figures. Outcomes
 * are realistic and deterministic from a seed, the batch number and the row: about 85% debited, 6% insufficient
 * funds, 3% account closed, 2% each agreement not found and holder name mismatch, the rest account frozen.
 */
@Component
@Simulated
public class SimulatedBank {

    /** The return file for our file; the same file and seed give the same answer, byte for byte. */
    public byte[] answer(byte[] file, long seed) {
        WithholdingFile.Parsed sent = WithholdingFile.read(file);
        List<WithholdingFile.Detail> answered = sent.details().stream()
                .map(d -> d.withResult(outcome(seed, sent.header().batchNumber(), d.seq()).code))
                .toList();
        return WithholdingFile.write(sent.header(), answered);
    }

    static WithholdingFromBanks.Result outcome(long seed, String batchNumber, int seq) {
        byte[] b = batchNumber.getBytes(StandardCharsets.US_ASCII);
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (byte x : b) h = mix(h ^ x);
        h = mix(h ^ seq);
        int roll = (int) Math.floorMod(h, 100L);
        if (roll < 85) return WithholdingFromBanks.Result.SUCCESS;
        if (roll < 91) return WithholdingFromBanks.Result.INSUFFICIENT_FUNDS;
        if (roll < 94) return WithholdingFromBanks.Result.ACCOUNT_CLOSED;
        if (roll < 96) return WithholdingFromBanks.Result.AGREEMENT_NOT_FOUND;
        if (roll < 98) return WithholdingFromBanks.Result.HOLDER_NAME_MISMATCH;
        return WithholdingFromBanks.Result.ACCOUNT_FROZEN;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
