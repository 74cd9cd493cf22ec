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

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import java.util.concurrent.CountDownLatch;

/**
 * Frame times while scrubbing a 2048-token sequence of a 24-layer, 4-head, 64-slot model (random probes), per view.
 * Two measures, every frame counted:
 * <ul>
 * <li>fx: the FX-thread work of one scrub step (render the snapshot, CSS, layout), cursor 1..2048;</li>
 * <li>pulse: the time between pulses while an AnimationTimer moves the cursor one token per pulse, 1..2048; this
 * includes painting (the FX thread waits for the previous frame to be drawn) and is at least 1/60 s.</li>
 * </ul>
 * The first {@value #WARMUP} frames of each view (JIT and first-use class loading) are reported apart from the rest,
 * and frames over 33 ms are split by whether a garbage collection ran during them. Run under xvfb-run -a:
 * {@code java -Dprism.order=sw -cp ... org.gsaexplorer.visualizer.bench.ScrubBench [window] [views...]}
 */
public final class ScrubBench {
    static final int TOKENS = 2048, WARMUP = 16;
    static final long SLOW = 33_000_000L;

    public static void main(String[] args) throws Exception {
        int window = args.length > 0 ? Integer.parseInt(args[0]) : 96;
        List<String> views = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
                : ExplorerWindow.VIEWS.stream().filter(v -> !v.equals("compare")).toList();
        System.setProperty("prism.order", System.getProperty("prism.order", "sw"));
        FxRuntime.start();
        ExplorerSnapshot base = SyntheticRun.snapshot(24, 4, 64, TOKENS, 1, TOKENS, new Selection(5, 1, 3, window));
        ExplorerViewModel vm = new ExplorerViewModel();
        ExplorerWindow win = FxRuntime.call(() -> {
            Stage st = new Stage();
            ExplorerWindow w = new ExplorerWindow(vm, new RecentModels(Files.createTempFile("recent", ".txt")));
            w.attach(st);
            Scene sc = w.scene(1500, 940);
            st.setScene(sc);
            st.show();
            return w;
        });
        System.out.printf("scrub 1..%d, 24 layers x 4 heads x 64 slots, window %d tokens, prism %s, %d cores%n", TOKENS, window,
                System.getProperty("prism.order"), Runtime.getRuntime().availableProcessors());
        System.out.printf("%-10s %-5s %8s %8s %8s %8s %6s %8s   %s%n", "view", "what", "median", "p99", "max", "max>w-up", ">33ms", "gc-slow", "warm-up max");
        for (String view : views) {
            FxRuntime.call(() -> { win.selectView(view); return null; });
            long[] fx = new long[TOKENS];
            boolean[] fxGc = new boolean[TOKENS];
            for (int c = 1; c <= TOKENS; c++) {
                ExplorerSnapshot s = SyntheticRun.at(base, c, c + 1L);
                int i = c - 1;
                fx[i] = FxRuntime.call(() -> {
                    long gc0 = gcCount();
                    long t0 = System.nanoTime();
                    win.render(s);
                    win.root().applyCss();
                    win.root().layout();
                    long dt = System.nanoTime() - t0;
                    fxGc[i] = gcCount() != gc0;
                    return dt;
                });
            }
            report(view, "fx", fx, fxGc);
            long[] pulse = new long[TOKENS];
            boolean[] pulseGc = new boolean[TOKENS];
            CountDownLatch done = new CountDownLatch(1);
            FxRuntime.call(() -> {
                new AnimationTimer() {
                    int c;
                    long last, gcLast;

                    @Override
                    public void handle(long now) {
                        long gc = gcCount();
                        if (c > 0) {
                            pulse[c - 1] = now - last;
                            pulseGc[c - 1] = gc != gcLast;
                        }
                        if (c == TOKENS) {
                            stop();
                            done.countDown();
                            return;
                        }
                        c++;
                        win.render(SyntheticRun.at(base, c, 100_000L + c));
                        last = now;
                        gcLast = gc;
                    }
                }.start();
                return null;
            });
            done.await();
            report(view, "pulse", pulse, pulseGc);
        }
        Platform.exit();
        vm.close();
    }

    private static void report(String view, String what, long[] frames, boolean[] gc) {
        long[] warm = Arrays.copyOfRange(frames, WARMUP, frames.length);
        long[] sorted = frames.clone();
        Arrays.sort(sorted);
        long slow = 0, slowGc = 0;
        for (int i = 0; i < frames.length; i++)
            if (frames[i] > SLOW) {
                slow++;
                if (gc[i]) slowGc++;
            }
        System.out.printf("%-10s %-5s %8.2f %8.2f %8.2f %8.2f %6d %8d   %.2f%n", view, what, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6,
                Arrays.stream(warm).max().orElse(0) / 1e6, slow, slowGc,
                Arrays.stream(frames, 0, WARMUP).max().orElse(0) / 1e6);
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) n += Math.max(0, b.getCollectionCount());
        return n;
    }
}
