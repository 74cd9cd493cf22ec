package org.gsaexplorer.visualizer.bench;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.Selection;
import org.gsaexplorer.visualizer.session.SyntheticRun;
import org.gsaexplorer.visualizer.ui.ExplorerWindow;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Frame times while scrubbing a 2048-token sequence of a 24-layer, 4-head, 64-slot model (random probes), per view:
 * an AnimationTimer moves the cursor one token per pulse, 1..2048, and renders through the window as its own timer
 * does. Per frame it records the pulse-to-pulse interval (at least 1/60 s; it grows when the FX thread or the
 * render thread, which paints the previous frame, runs late), the FX thread's work in the pulse (render, CSS,
 * layout: from the timer to the end of the layout pass) and whether a garbage collection or a JIT compilation ran.
 * <p>
 * Warm-up, the same for every view: the whole scrub is run once through every view first (class loading, JIT,
 * first-use images); its numbers are printed as "cold". Then every view is scrubbed again and every frame of that
 * pass counts. Run under xvfb-run -a (software rendering, as the explorer uses):
 * {@code java -Dprism.order=sw -cp ... org.gsaexplorer.visualizer.bench.ScrubBench [window] [views...]}; with
 * {@code -Dbench.frames=DIR} each run's frames are also written to DIR/VIEW-PASS.csv.
 */
public final class ScrubBench {
    static final int TOKENS = 2048, LISTED = 8;
    static final long SLOW = 33_000_000L;

    /** What happened in each frame of one scrub. */
    private record Frames(long[] interval, long[] fxWork, boolean[] gc, long[] jitMillis) {
        Frames() {
            this(new long[TOKENS], new long[TOKENS], new boolean[TOKENS], new long[TOKENS]);
        }

        long slow() {
            return Arrays.stream(interval).filter(n -> n > SLOW).count();
        }
    }

    public static void main(String[] args) throws Exception {
        int window = args.length > 0 ? Integer.parseInt(args[0]) : 96;
        List<ViewKind> views = args.length > 1 ? Arrays.stream(args, 1, args.length).map(a -> ViewKind.parse(a).orElseThrow()).toList()
                : Arrays.stream(ViewKind.values()).filter(v -> v != ViewKind.COMPARE).toList();
        System.setProperty("prism.order", System.getProperty("prism.order", "sw"));
        FxRuntime.start();
        ExplorerSnapshot base = SyntheticRun.snapshot(24, 4, 64, TOKENS, 1, TOKENS, new Selection(5, 1, 3, window));
        ExplorerViewModel vm = new ExplorerViewModel();
        long[] layoutDone = new long[1];
        ExplorerWindow win = FxRuntime.call(() -> {
            Stage st = new Stage();
            ExplorerWindow w = new ExplorerWindow(vm, new RecentModels(Files.createTempFile("recent", ".txt")));
            w.attach(st);
            Scene sc = w.scene(1500, 940);
            sc.addPostLayoutPulseListener(() -> layoutDone[0] = System.nanoTime());
            st.setScene(sc);
            st.show();
            return w;
        });
        System.out.printf("scrub 1..%d, 24 layers x 4 heads x 64 slots, window %d tokens, prism %s, %d cores, %s%n", TOKENS, window,
                System.getProperty("prism.order"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList());
        System.out.println("warm-up: one scrub 1.." + TOKENS + " through every view (the 'cold' columns); then each view is scrubbed again and all its frames count");
        List<Frames> cold = new ArrayList<>();
        for (ViewKind view : views) cold.add(scrub(win, view, base, layoutDone, "cold"));
        System.out.printf("%-10s | %-37s | %-22s | %s%n", "", "pulse interval ms (warm)", "FX work ms (warm)", "cold");
        System.out.printf("%-10s | %8s %8s %8s %8s | %6s %6s %6s | %6s %8s%n", "view", "median", "p99", "max", ">33ms", "median", "p99", "max", ">33ms", "max");
        List<String> slowLines = new ArrayList<>();
        for (int v = 0; v < views.size(); v++) {
            Frames f = scrub(win, views.get(v), base, layoutDone, "warm");
            Frames c = cold.get(v);
            System.out.printf("%-10s | %8.2f %8.2f %8.2f %8d | %6.2f %6.2f %6.2f | %6d %8.2f%n", views.get(v).id, pct(f.interval, 50), pct(f.interval, 99),
                    pct(f.interval, 100), f.slow(), pct(f.fxWork, 50), pct(f.fxWork, 99), pct(f.fxWork, 100), c.slow(), pct(c.interval, 100));
            slowLines.addAll(slow(views.get(v), f));
        }
        System.out.println(slowLines.isEmpty() ? "no frame over 33 ms after warm-up" : "frames over 33 ms after warm-up (at most " + LISTED + " per view):");
        slowLines.forEach(System.out::println);
        Platform.exit();
        vm.close();
    }

    /** Shows {@code view} and moves the cursor 1..TOKENS, one token per pulse. */
    private static Frames scrub(ExplorerWindow win, ViewKind view, ExplorerSnapshot base, long[] layoutDone, String pass) throws Exception {
        FxRuntime.call(() -> { win.selectView(view); return null; });
        Frames f = new Frames();
        CountDownLatch done = new CountDownLatch(1);
        FxRuntime.call(() -> {
            new AnimationTimer() {
                int c;
                long last, start, gcLast, jitLast;

                @Override
                public void handle(long now) {
                    long gc = gcCount(), jit = jitMillis();
                    if (c > 0) {
                        // the frame that showed token c: from its pulse to this one
                        f.interval[c - 1] = now - last;
                        f.fxWork[c - 1] = layoutDone[0] - start;
                        f.gc[c - 1] = gc != gcLast;
                        f.jitMillis[c - 1] = jit - jitLast;
                    }
                    if (c == TOKENS) {
                        stop();
                        done.countDown();
                        return;
                    }
                    c++;
                    start = System.nanoTime();
                    win.render(SyntheticRun.at(base, c, (pass.equals("cold") ? 100_000L : 200_000L) + c));
                    last = now;
                    gcLast = gc;
                    jitLast = jit;
                }
            }.start();
            return null;
        });
        done.await();
        // the frame that showed the last token must end before the next scrub starts
        FxRuntime.pulses(2);
        String dir = System.getProperty("bench.frames");
        if (dir != null) {
            StringBuilder sb = new StringBuilder("token,interval_ms,fx_work_ms,gc,jit_ms\n");
            for (int i = 0; i < TOKENS; i++)
                sb.append(i + 1).append(',').append(f.interval[i] / 1e6).append(',').append(f.fxWork[i] / 1e6).append(',')
                        .append(f.gc[i] ? 1 : 0).append(',').append(f.jitMillis[i]).append('\n');
            Files.writeString(Path.of(dir, view.id + "-" + pass + ".csv"), sb);
        }
        return f;
    }

    /** The p-th percentile (100: the maximum) in milliseconds. */
    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) ((long) s.length * p / 100))] / 1e6;
    }

    /** The slow frames of a pass, each with what ran during it. */
    private static List<String> slow(ViewKind view, Frames f) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < TOKENS && lines.size() < LISTED; i++)
            if (f.interval[i] > SLOW)
                lines.add(String.format("  %-10s token %4d: %6.2f ms (FX work %.2f ms%s%s)", view.id, i + 1, f.interval[i] / 1e6,
                        f.fxWork[i] / 1e6, f.gc[i] ? ", a GC ran" : "", f.jitMillis[i] > 0 ? ", JIT compiled for " + f.jitMillis[i] + " ms" : ""));
        return lines;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, b.getCollectionCount());
        return n;
    }

    private static long jitMillis() {
        CompilationMXBean c = ManagementFactory.getCompilationMXBean();
        return c != null && c.isCompilationTimeMonitoringSupported() ? c.getTotalCompilationTime() : 0;
    }
}
