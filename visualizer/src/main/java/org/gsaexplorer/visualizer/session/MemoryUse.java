package org.gsaexplorer.visualizer.session;

/** Bytes a run keeps for going back in time; bounded by the probe budget and the checkpoint count. */
public record MemoryUse(long probeBytes, long probeBudgetBytes, long stateBytes, int states, int stateSpacing) {
}
