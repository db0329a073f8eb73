package io.gridhall.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CommandStateProperties {

    static final Set<List<CommandState>> ALLOWED = Set.of(
            List.of(CommandState.REQUESTED, CommandState.SENT), List.of(CommandState.REQUESTED, CommandState.FAILED),
            List.of(CommandState.REQUESTED, CommandState.EXPIRED), List.of(CommandState.REQUESTED, CommandState.SUPERSEDED),
            List.of(CommandState.SENT, CommandState.ACKNOWLEDGED), List.of(CommandState.SENT, CommandState.REQUESTED),
            List.of(CommandState.SENT, CommandState.FAILED), List.of(CommandState.SENT, CommandState.EXPIRED),
            List.of(CommandState.SENT, CommandState.SUPERSEDED), List.of(CommandState.ACKNOWLEDGED, CommandState.VERIFIED),
            List.of(CommandState.ACKNOWLEDGED, CommandState.FAILED));

    @Property
    void anySequenceOfAttemptedMovesFollowsOnlyTheTable(@ForAll @Size(max = 30) List<CommandState> attempts) {
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
    }

    @Property
    void finalStatesNeverMoveAgain(@ForAll CommandState state, @ForAll CommandState next) {
        if (state.isFinal()) {
            assertThat(state.canMoveTo(next)).isFalse();
        }
    }

    @Test
    void onlyWaitingCommandsCanBeSuperseded() {
        EnumSet<CommandState> supersedable = EnumSet.noneOf(CommandState.class);
        for (CommandState s : CommandState.values()) if (s.canMoveTo(CommandState.SUPERSEDED)) supersedable.add(s);
        assertThat(supersedable).containsExactlyInAnyOrder(CommandState.REQUESTED, CommandState.SENT);
        assertThatThrownBy(() -> CommandState.VERIFIED.moveTo(CommandState.SENT)).isInstanceOf(IllegalStateException.class);
    }
}
