package org.gsaexplorer.model.backend.cuda;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks an assembled kernel program against the -D options it is compiled with: every upper-case constant its code
 * uses is declared exactly once, in the sources (#define or file-level constexpr) or as a -D option, never both.
 */
public final class KernelProgramCheck {
    private static final Pattern DEFINE = Pattern.compile("^#define (\\w+)", Pattern.MULTILINE);
    private static final Pattern TOP_CONSTEXPR = Pattern.compile("^constexpr int ([^;]+);", Pattern.MULTILINE);
    private static final Pattern CAPS = Pattern.compile("\\b[A-Z][A-Z0-9_]+\\b");

    private KernelProgramCheck() {
    }

    /** @param local upper-case names the code declares itself (template, macro and function parameters, locals) */
    public static void check(String source, List<String> defines, Set<String> local) {
        String code = source.replaceAll("//[^\\n]*", "").replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
        List<String> fromSource = new ArrayList<>();
        Matcher m = DEFINE.matcher(code);
        while (m.find()) fromSource.add(m.group(1));
        m = TOP_CONSTEXPR.matcher(code);
        while (m.find())
            for (String declarator : m.group(1).split(",")) fromSource.add(declarator.split("=")[0].strip());
        assertEquals(new HashSet<>(fromSource).size(), fromSource.size(), "declared twice in the sources: " + fromSource);
        Set<String> host = new TreeSet<>();
        for (String d : defines) {
            assertTrue(d.matches("-D[A-Z][A-Z0-9_]*=-?\\d+"), d);
            assertTrue(host.add(d.substring(2, d.indexOf('='))), "passed twice: " + d);
        }
        for (String name : fromSource) assertFalse(host.contains(name), name + " is both a -D constant and declared in the sources");
        Set<String> undeclared = new TreeSet<>();
        m = CAPS.matcher(code);
        while (m.find()) {
            String name = m.group();
            if (!host.contains(name) && !fromSource.contains(name) && !local.contains(name) && !name.startsWith("__")) undeclared.add(name);
        }
        assertEquals(Set.of(), undeclared, "used by the kernels but declared nowhere");
    }
}
