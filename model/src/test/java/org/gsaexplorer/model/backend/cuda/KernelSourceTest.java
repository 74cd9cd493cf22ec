package org.gsaexplorer.model.backend.cuda;

import org.gsaexplorer.model.config.FeatureMap;
import org.gsaexplorer.model.config.GsaConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The program the GSA kernels are compiled from, assembled as the backend does it (no GPU needed). */
class KernelSourceTest {
    @Test
    void kernelSourceIsOnTheClasspath() {
        String src = Kernels.source();
        for (String k : List.of("key_scan", "value_scan", "embed_token", "prep", "gemv_bf16_10", "gemv_ref", "fill_uniform"))
            assertTrue(src.contains(" " + k + "(") || src.contains("GEMV(" + k + ","), k);
    }

    @Test
    void everyFamilyFollowsThePreludeUnderItsOwnName() {
        String src = Kernels.source();
        int at = src.indexOf("fill_uniform"); // common.cu comes first
        for (String file : Kernels.SOURCES) {
            int next = src.indexOf("#line 1 \"" + file + "\"\n");
            assertTrue(next > at, file + " in program order");
            at = next;
        }
    }

    private static final Pattern DEFINE = Pattern.compile("^#define (\\w+)", Pattern.MULTILINE);
    private static final Pattern TOP_CONSTEXPR = Pattern.compile("^constexpr int ([^;]+);", Pattern.MULTILINE);
    private static final Pattern CAPS = Pattern.compile("\\b[A-Z][A-Z0-9_]+\\b");
    // upper-case names the code declares itself: template and macro parameters, local constants, parameter names
    private static final Set<String> LOCAL = Set.of("DT", "PRE", "POST", "DIM", "PL", "NS", "NM", "EB", "NAME");

    /**
     * For the shapes the tests and the bench use: every upper-case constant in the kernels' code is declared once,
     * in the sources or as one of the host's -D constants, and no -D constant is also declared in the sources.
     */
    @Test
    void everyConstantTheKernelsUseIsDeclaredOnce() {
        String code = code(Kernels.source());
        List<String> fromSource = new ArrayList<>();
        Matcher m = DEFINE.matcher(code);
        while (m.find()) fromSource.add(m.group(1));
        m = TOP_CONSTEXPR.matcher(code);
        while (m.find())
            for (String declarator : m.group(1).split(",")) fromSource.add(declarator.split("=")[0].strip());
        assertEquals(new HashSet<>(fromSource).size(), fromSource.size(), "declared twice in the sources: " + fromSource);
        for (GsaConfig c : List.of(config(2048, 4, 4, 64), config(256, 4, 2, 32), config(256, 2, 2, 128), config(4096, 32, 8, 64))) {
            Set<String> host = new TreeSet<>();
            for (String d : Kernels.defines(c)) {
                assertTrue(d.matches("-D[A-Z][A-Z0-9_]*=-?\\d+"), d);
                assertTrue(host.add(d.substring(2, d.indexOf('='))), "passed twice: " + d);
            }
            for (String name : fromSource) assertTrue(!host.contains(name), name + " is both a -D constant and declared in the sources");
            Set<String> undeclared = new TreeSet<>();
            m = CAPS.matcher(code);
            while (m.find()) {
                String name = m.group();
                if (!host.contains(name) && !fromSource.contains(name) && !LOCAL.contains(name) && !name.startsWith("__")) undeclared.add(name);
            }
            assertEquals(Set.of(), undeclared, "used by the kernels but declared nowhere");
        }
    }

    @Test
    void codesAreDeclaredForEveryReadoutAndFeatureMap() {
        List<String> d = KernelCodes.defines();
        assertTrue(d.containsAll(List.of("-DREADOUT_SOFTMAX=0", "-DREADOUT_SWISH=1", "-DREADOUT_RELU=2", "-DREADOUT_RELU2=3",
                "-DFEATURE_SWISH=0", "-DFEATURE_RELU=1", "-DFEATURE_RELU2=2", "-DFEATURE_IDENTITY=3")), d.toString());
        assertEquals(KernelCodes.feature(FeatureMap.RELU), KernelCodes.feature(FeatureMap.T2R), "t2r's pointwise part is relu");
    }

    /** The source without comments and string literals (asm templates). */
    private static String code(String src) {
        return src.replaceAll("//[^\\n]*", "").replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
    }

    private static GsaConfig config(int d, int heads, int kvHeads, int slots) {
        return new GsaConfig(d, 2, heads, kvHeads, slots, 1, 1, FeatureMap.SWISH, 8, false, 4, true, 1e-6, 4 * d, "swish",
                false, 1000, null, 1, 2);
    }
}
