package io.cleanport.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.cleanport.core.verdict.Category;

class StepOutcomeTest {

    @Test
    void parsesEveryPossibleCombination() {
        assertThat(StepOutcome.parse("virus:quarantine")).isEqualTo(new StepOutcome(Category.VIRUS, Outcome.QUARANTINE));
        assertThat(StepOutcome.parse("virus:delete")).isEqualTo(new StepOutcome(Category.VIRUS, Outcome.DELETE));
        assertThat(StepOutcome.parse(" content : tag ")).isEqualTo(new StepOutcome(Category.CONTENT, Outcome.TAG));
        assertThat(StepOutcome.parse("spam:tag")).isEqualTo(new StepOutcome(Category.SPAM, Outcome.TAG));
        assertThat(StepOutcome.parse("spam:delete").asString()).isEqualTo("spam:delete");
    }

    @Test
    void aVirusIsNeverTagged() {
        assertThatThrownBy(() -> StepOutcome.parse("virus:tag"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("outcome 'tag' is not possible for the virus step");
    }

    @Test
    void anUnknownStepIsNamed() {
        assertThatThrownBy(() -> StepOutcome.parse("spma:tag"))
            .hasMessage("step 'spma' is not a filtering step; expected one of virus, content, spam");
        assertThatThrownBy(() -> StepOutcome.parse("clean:tag")).hasMessageContaining("step 'clean'");
    }

    @Test
    void anUnknownOutcomeIsNamed() {
        assertThatThrownBy(() -> StepOutcome.parse("spam:reject"))
            .hasMessage("outcome 'reject' is not an outcome; expected one of quarantine, delete, tag");
        assertThatThrownBy(() -> StepOutcome.parse("spam:")).hasMessageContaining("outcome ''");
    }

    @Test
    void aConditionWithoutExactlyOneColonIsRefused() {
        assertThatThrownBy(() -> StepOutcome.parse("spam")).hasMessageContaining("'spam' is not <step>:<outcome>");
        assertThatThrownBy(() -> StepOutcome.parse("spam:tag:now")).hasMessageContaining("is not <step>:<outcome>");
        assertThatThrownBy(() -> StepOutcome.parse(null)).hasMessageContaining("no condition");
        assertThatThrownBy(() -> StepOutcome.parse(" ")).hasMessageContaining("no condition");
    }

    @Test
    void stepNamesAreLowerCase() {
        assertThat(StepOutcome.parseStep("content")).isEqualTo(Category.CONTENT);
        assertThatThrownBy(() -> StepOutcome.parseStep("VIRUS")).hasMessageContaining("step 'VIRUS'");
    }
}
