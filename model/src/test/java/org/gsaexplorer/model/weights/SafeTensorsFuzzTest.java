package org.gsaexplorer.model.weights;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.gsaexplorer.model.error.GsaException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the safetensors header and offset parser. Without JAZZER_FUZZ it replays the seeds and past findings in
 * src/test/resources/org/gsaexplorer/model/weights/SafeTensorsFuzzTestInputs/parse; with JAZZER_FUZZ=1 it fuzzes
 * (see "Fuzzing" in README.md for the command).
 */
class SafeTensorsFuzzTest {
    private static final Path NAME = Path.of("fuzz.safetensors");

    @DictionaryEntries({"\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"F32\"", "\"F16\"", "\"BF16\"", "\"I64\"", "\"__metadata__\"", "\"format\""})
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) {
        MemorySegment image = MemorySegment.ofArray(data);
        SafeTensorsFile f;
        try {
            f = SafeTensorsFile.parse(NAME, image, data.length, Arena.ofConfined());
        } catch (GsaException e) {
            FuzzProperty.requireCleanMessage(e);
            return;
        }
        try (f) {
            checkValid(image, f);
        }
    }

    /** What an accepted file promises: every tensor's bytes inside the image, sized dtype × shape, none overlapping. */
    private static void checkValid(MemorySegment image, SafeTensorsFile f) {
        List<long[]> ranges = new ArrayList<>();
        for (Tensor t : f.tensors().values()) {
            FuzzProperty.require(t.shape().length <= SafeTensorsFile.MAX_RANK, "rank " + t.shape().length);
            FuzzProperty.require(t.data().byteSize() == t.numel() * t.dtype().bytes, t.name() + " byte count");
            if (t.data().byteSize() == 0) continue;
            long start = t.data().address() - image.address(); // heap segments: offsets into the same array
            FuzzProperty.require(start >= 8 && start + t.data().byteSize() <= image.byteSize(), t.name() + " outside the file");
            ranges.add(new long[]{start, start + t.data().byteSize()});
        }
        for (int i = 0; i < ranges.size(); i++)
            for (int j = i + 1; j < ranges.size(); j++)
                FuzzProperty.require(ranges.get(i)[1] <= ranges.get(j)[0] || ranges.get(j)[1] <= ranges.get(i)[0], "overlapping tensors");
    }
}
