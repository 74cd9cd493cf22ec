package org.gsaexplorer.visualizer.report;

import org.gsaexplorer.model.report.Finding;
import org.gsaexplorer.model.report.Report;
import org.gsaexplorer.model.report.Thresholds;

import java.util.List;
import java.util.Map;

/**
 * What the report tab shows, as one immutable value.
 *
 * @param running    a report is being computed (and may be cancelled)
 * @param fraction   how far it is, 0..1
 * @param status     progress (windows, tokens/s, time left), the outcome, or an error, in one line
 * @param report     the last finished report, judged by {@code thresholds}, or null; a failed or cancelled run leaves
 *                   it in place
 * @param thresholds the thresholds the tab shows: the report's, and those the next run uses
 * @param windows    the corpus windows of {@code report} that a finding or a slot can point to, by index
 */
public record ReportState(boolean running, double fraction, String status, Report report, Thresholds thresholds,
                          Map<Integer, KeptWindow> windows) {
    public static final ReportState EMPTY = new ReportState(false, 0, "pick a corpus file (text or .jsonl) and press Run", null,
            Thresholds.DEFAULTS, Map.of());

    /** A corpus window as the report ran it (its tokens) and as its HTML shows it. */
    public record KeptWindow(int[] ids, Report.WindowText text) {
    }

    public List<Finding> findings() {
        return report == null ? List.of() : report.findings();
    }

    ReportState with(boolean running, double fraction, String status) {
        return new ReportState(running, fraction, status, report, thresholds, windows);
    }
}
