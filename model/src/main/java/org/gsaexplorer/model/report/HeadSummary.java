package org.gsaexplorer.model.report;

/**
 * One query head's readout over the corpus: its mean entropy in nats, and the slot that takes the largest share of
 * its readout mass with that share.
 */
public record HeadSummary(int layer, int head, int kvHead, double meanEntropy, int topSlot, double topShare) {
}
