package org.gsaexplorer.visualizer.render;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DigitsTest {
    @Test
    void atMostFourSignificantDigits() {
        assertEquals("0.1235", Digits.four(0.123456789f));
        assertEquals("12.35", Digits.four(12.3456));
        assertEquals("1", Digits.four(1.0));
        assertEquals("-0.5", Digits.four(-0.5));
        assertEquals("1235", Digits.four(1234.56));
        assertEquals("0", Digits.four(0));
        assertEquals("1.235e-07", Digits.four(1.23456e-7));
        assertEquals("1.235e+06", Digits.four(1234567));
        assertEquals("not available", Digits.four(Float.NaN));
    }
}
