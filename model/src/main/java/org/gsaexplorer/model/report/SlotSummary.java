package org.gsaexplorer.model.report;

/**
 * One slot's figures over the corpus. Means are per token run; {@code medianHalfLife} is in tokens (0 when α is 0,
 * +∞ when α rounds to 1, see {@link Bins}); the readout arrays hold one entry per query head that reads the slot's kv
 * head ({@code readers}): its mean readout weight and how often the slot was that head's most read.
 */
public record SlotSummary(int layer, int head, int slot, double meanWrite, double maxWrite, double meanAlpha,
                          double medianHalfLife, double meanKeyNorm, double maxKeyNorm, double meanValueNorm,
                          double maxValueNorm, int[] readers, double[] meanReadoutByHead, double[] argmaxRateByHead,
                          long[] writeHist, long[] alphaHist, long[] halfLifeHist) {

    /** Mean readout weight averaged over the query heads that read the slot. */
    public double meanReadout() {
        double s = 0;
        for (double r : meanReadoutByHead) s += r;
        return s / meanReadoutByHead.length;
    }

    /** The largest mean readout weight any reading query head gives the slot, and which position of readers that is. */
    public int bestReader() {
        int b = 0;
        for (int i = 1; i < meanReadoutByHead.length; i++) if (meanReadoutByHead[i] > meanReadoutByHead[b]) b = i;
        return b;
    }
}
