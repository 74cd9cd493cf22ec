package org.gsaexplorer.visualizer.report;

import org.gsaexplorer.model.report.Finding;
import org.gsaexplorer.model.report.Report;

import java.util.List;
import java.util.Map;

/**
 * What the report tab shows, as one immutable value.
 *
 * @param running  a report is being computed (and may be cancelled)
 * @param fraction how far it is, 0..1
 * @param status   progress (windows, tokens/s, time left), the outcome, or an error, in one line
 * @param report   the last finished report, or null; a failed or cancelled run leaves it in place
 */
public record ReportState(boolean running, double fraction, String status, Report report, Map<Integer, int[]> windowIds) {
    public static final ReportState EMPTY = new ReportState(false, 0, "pick a corpus file (text or .jsonl) and press Run", null, Map.of());

    public List<Finding> findings() {
        return report == null ? List.of() : report.findings();
    }
}
