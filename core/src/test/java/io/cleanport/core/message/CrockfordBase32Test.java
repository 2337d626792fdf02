package io.cleanport.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CrockfordBase32Test {
    @Test
    void encodesTheLowBitsOfALongMostSignificantFirst() {
        assertThat(CrockfordBase32.encodeLowBits(0, 4)).isEqualTo("0000");
        assertThat(CrockfordBase32.encodeLowBits(31, 2)).isEqualTo("0Z");
        assertThat(CrockfordBase32.encodeLowBits(32 * 10 + 18, 2)).isEqualTo("AJ");
        // bits above the characters asked for are left out
        assertThat(CrockfordBase32.encodeLowBits(-1, 3)).isEqualTo("ZZZ");
    }

    @Test
    void encodesTheLeadingBitsOfBytes() {
        // 00000 00001 00010 00011 00100 00101 00110 00111
        byte[] bytes = {0x00, 0x44, 0x32, 0x14, (byte) 0xC7};

        assertThat(CrockfordBase32.encodeLeadingBits(bytes, 8)).isEqualTo("01234567");
        assertThat(CrockfordBase32.encodeLeadingBits(bytes, 3)).isEqualTo("012");
        assertThat(CrockfordBase32.encodeLeadingBits(new byte[] {(byte) 0xFF, (byte) 0xFF}, 3)).isEqualTo("ZZZ");
    }

    @Test
    void theAlphabetLeavesOutILOAndU() {
        byte[] everyValue = new byte[20];
        for (int i = 0; i < 32; i++) {
            // character i holds the value i
            for (int bit = 0; bit < 5; bit++) {
                if ((i >> (4 - bit) & 1) == 1) {
                    int position = i * 5 + bit;
                    everyValue[position / 8] |= (byte) (0x80 >>> (position % 8));
                }
            }
        }

        String alphabet = CrockfordBase32.encodeLeadingBits(everyValue, 32);

        assertThat(alphabet).isEqualTo("0123456789ABCDEFGHJKMNPQRSTVWXYZ").matches(CrockfordBase32.CHARACTER + "{32}");
    }

    @Test
    void refusesMoreCharactersThanTheBitsHold() {
        assertThatThrownBy(() -> CrockfordBase32.encodeLeadingBits(new byte[5], 9)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CrockfordBase32.encodeLowBits(0, 13)).isInstanceOf(IllegalArgumentException.class);
    }
}
