package org.gsaexplorer.visualizer.bench;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.Selection;
import org.gsaexplorer.visualizer.session.SyntheticRun;
import org.gsaexplorer.visualizer.ui.ExplorerWindow;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * Frame times while scrubbing a 2048-token sequence of a 24-layer, 4-head, 64-slot model (random probes): for each
 * view, the render of every cursor position 1..2048 on the FX thread, plus the pulse that paints it. Run under
 * xvfb-run with -Dprism.order=sw:  java -cp ... org.gsaexplorer.visualizer.bench.ScrubBench [window]
 */
public final class ScrubBench {
    public static void main(String[] args) throws Exception {
        int window = args.length > 0 ? Integer.parseInt(args[0]) : 96;
        System.setProperty("prism.order", System.getProperty("prism.order", "sw"));
        CountDownLatch up = new CountDownLatch(1);
        Platform.startup(up::countDown);
        up.await();
        ExplorerSnapshot base = SyntheticRun.snapshot(24, 4, 64, 2048, 1, 2048, new Selection(5, 1, 3, window));
        ExplorerViewModel vm = new ExplorerViewModel();
        ExplorerWindow win = call(() -> {
            Stage st = new Stage();
            ExplorerWindow w = new ExplorerWindow(vm, new RecentModels(Files.createTempFile("recent", ".txt")));
            w.attach(st);
            Scene sc = w.scene(1500, 940);
            st.setScene(sc);
            st.show();
            return w;
        });
        System.out.printf("scrub 1..2048, 24 layers x 4 heads x 64 slots, window %d tokens, prism %s%n", window, System.getProperty("prism.order"));
        for (String view : ExplorerWindow.VIEWS) {
            if (view.equals("compare")) continue;
            call(() -> { win.selectView(view); return null; });
            long[] frames = new long[2048];
            for (int c = 1; c <= 2048; c++) {
                ExplorerSnapshot s = SyntheticRun.at(base, c, c + 1L);
                frames[c - 1] = call(() -> {
                    long t0 = System.nanoTime();
                    win.render(s);
                    // layout + CSS of the scene, as a pulse would do it
                    win.root().applyCss();
                    win.root().layout();
                    return System.nanoTime() - t0;
                });
            }
            long[] sorted = frames.clone();
            Arrays.sort(sorted);
            System.out.printf("%-10s median %6.2f ms  p99 %6.2f ms  max %6.2f ms  frames over 33 ms: %d%n", view,
                    sorted[1024] / 1e6, sorted[(int) (2048 * 0.99)] / 1e6, sorted[2047] / 1e6,
                    Arrays.stream(frames).filter(f -> f > 33_000_000L).count());
        }
        Platform.exit();
        vm.close();
    }

    interface Work<T> {
        T get() throws Exception;
    }

    static <T> T call(Work<T> w) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(w.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.join();
    }
}
