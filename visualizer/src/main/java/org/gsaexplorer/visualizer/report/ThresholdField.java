package org.gsaexplorer.visualizer.report;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.report.Thresholds;

import java.math.BigDecimal;
import java.util.function.ToDoubleFunction;

/** The report's thresholds as the tab edits them, one field each; {@link Thresholds} says which values it takes. */
public enum ThresholdField {
    DEAD_WRITE("dead write", "dead slot: max write weight s over the corpus below this", Thresholds::deadWrite),
    AMNESIC_ALPHA("amnesic α", "amnesic slot: mean forget gate α below this", Thresholds::amnesicAlpha),
    FROZEN_ALPHA("frozen α", "frozen slot: mean α above this, with writes", Thresholds::frozenAlpha),
    UNREAD_FACTOR("unread 1/(f·M), f", "unread slot: every reading query head's mean readout weight below 1/(f·M), M slots", Thresholds::unreadFactor),
    COLLAPSE_ENTROPY("collapse entropy", "readout collapse: a query head's mean readout entropy below this, in nats", Thresholds::collapseEntropy),
    COLLAPSE_MASS("collapse mass", "readout collapse: one slot takes more than this share of a query head's readout mass", Thresholds::collapseShare);

    public final String label, meaning;
    private final ToDoubleFunction<Thresholds> get;

    ThresholdField(String label, String meaning, ToDoubleFunction<Thresholds> get) {
        this.label = label;
        this.meaning = meaning;
        this.get = get;
    }

    /** This field of {@code t}, written as briefly as it reads back exactly ("0.001", "20"). */
    public String text(Thresholds t) {
        return BigDecimal.valueOf(get.applyAsDouble(t)).stripTrailingZeros().toPlainString();
    }

    /** {@code t} with this field set to what {@code text} says; a non-number or a value out of range is a GsaException. */
    Thresholds parse(Thresholds t, String text) {
        double v;
        try {
            v = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new GsaException(label + " threshold '" + text.strip() + "' is not a number");
        }
        return new Thresholds(this == DEAD_WRITE ? v : t.deadWrite(), this == AMNESIC_ALPHA ? v : t.amnesicAlpha(),
                this == FROZEN_ALPHA ? v : t.frozenAlpha(), this == UNREAD_FACTOR ? v : t.unreadFactor(),
                this == COLLAPSE_ENTROPY ? v : t.collapseEntropy(), this == COLLAPSE_MASS ? v : t.collapseShare());
    }
}
