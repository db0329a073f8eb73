package io.gridhall.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The command lifecycle allows exactly the moves of its table (QuickTheories, see ADR 0005). */
class CommandStatePropertyTests {

    static final Set<List<CommandState>> ALLOWED = Set.of(
            List.of(CommandState.REQUESTED, CommandState.SENT),
            List.of(CommandState.REQUESTED, CommandState.FAILED),
            List.of(CommandState.REQUESTED, CommandState.EXPIRED),
            List.of(CommandState.REQUESTED, CommandState.SUPERSEDED),
            List.of(CommandState.SENT, CommandState.ACKNOWLEDGED),
            List.of(CommandState.SENT, CommandState.REQUESTED),
            List.of(CommandState.SENT, CommandState.FAILED),
            List.of(CommandState.SENT, CommandState.EXPIRED),
            List.of(CommandState.SENT, CommandState.SUPERSEDED),
            List.of(CommandState.ACKNOWLEDGED, CommandState.VERIFIED),
            List.of(CommandState.ACKNOWLEDGED, CommandState.FAILED),
            // issue 7: the status contradicts the acknowledgement (a late one of an earlier exchange): send again
            List.of(CommandState.ACKNOWLEDGED, CommandState.REQUESTED));

    static final Gen<CommandState> states = Generate.enumValues(CommandState.class);

    @Test
    void anySequenceOfAttemptedMovesFollowsOnlyTheTable() {
        qt().forAll(lists().of(states).ofSizeBetween(0, 30)).checkAssert(attempts -> {
            CommandState state = CommandState.REQUESTED;
            for (CommandState next : attempts) {
                CommandState before = state;
                try {
                    state = state.moveTo(next);
                    assertThat(ALLOWED).contains(List.of(before, next));
                } catch (IllegalStateException refused) {
                    assertThat(ALLOWED).doesNotContain(List.of(before, next));
                    assertThat(state).isEqualTo(before);
                }
            }
        });
    }

    @Test
    void finalStatesNeverMoveAgain() {
        qt().forAll(states, states).checkAssert((state, next) -> {
            if (state.isFinal()) assertThat(state.canMoveTo(next)).isFalse();
        });
    }

    @Test
    void onlyWaitingCommandsCanBeSuperseded() {
        EnumSet<CommandState> supersedable = EnumSet.noneOf(CommandState.class);
        for (CommandState s : CommandState.values()) if (s.canMoveTo(CommandState.SUPERSEDED)) supersedable.add(s);
        assertThat(supersedable).containsExactlyInAnyOrder(CommandState.REQUESTED, CommandState.SENT);
        assertThatThrownBy(() -> CommandState.VERIFIED.moveTo(CommandState.SENT))
                .isInstanceOf(IllegalStateException.class);
    }
}
