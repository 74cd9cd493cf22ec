package org.gsaexplorer.bench;

import java.util.List;

/**
 * Published figures to read next to ours: never measured by this program, each with its source and hardware. Only
 * figures whose source could be checked are listed; the GSA paper (arXiv 2409.07146) gives its speed results as
 * plots (training throughput on one H800, Fig. 4a), so no value is read off them here.
 */
public final class PaperReference {
    private PaperReference() {
    }

    public record Row(String source, String hardware, String quantity, String value) {
    }

    public static final String NOTE = "arXiv 2409.07146 reports GSA's speed as plots (training throughput on a single H800 GPU, "
            + "Fig. 4a); their values are not tabulated, so none is quoted here.";

    private static final String FLA = "FLA (PyTorch + Triton) reference implementation, gsa-1.3b shape, bf16, batch 1, as quoted in the project's CUDA issue";

    public static List<Row> rows() {
        return List.of(
                new Row(FLA, "NVIDIA H100", "decode through its cache", "19 tokens/s (53 ms/token)"),
                new Row(FLA, "NVIDIA H100", "decode with HF generate", "14 tokens/s"),
                new Row(FLA, "NVIDIA H100", "prefill of 2048 tokens", "93 ms"),
                new Row(FLA, "NVIDIA H100", "device-to-device copy bandwidth", "3.0 TB/s"));
    }
}
