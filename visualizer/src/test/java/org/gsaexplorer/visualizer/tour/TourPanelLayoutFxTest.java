package org.gsaexplorer.visualizer.tour;

import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.control.ScrollPane;
import javafx.stage.Stage;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.recall.SampleFixture;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.gsaexplorer.visualizer.FxTesting.fx;

/**
 * The tour in a narrow side panel, as in class (Xvfb): every step's text, formulas included, wraps inside the panel
 * with nothing cut off; Back and Next stay where they are whatever the text's length; a step says it is computing its
 * picture until it has one.
 */
class TourPanelLayoutFxTest {
    static SampleFixture sample;
    static Stage stage;
    static ScrollPane scroll;
    static TourPanel tour;

    @BeforeAll
    static void launch() {
        assumeTrue(FxRuntime.hasDisplay(), "no display: the FX tests run under xvfb-run -a (./gsa-explorer test does this)");
        System.setProperty("prism.order", "sw");
        FxRuntime.start();
        sample = new SampleFixture();
    }

    @AfterAll
    static void close() {
        if (stage != null) fx(() -> {
            stage.close();
            return null;
        });
        if (sample != null) sample.close();
    }

    @Test
    void everyStepWrapsInsideANarrowPanelWithBackAndNextInPlace() {
        fx(() -> {
            BackgroundTasks inline = new BackgroundTasks(Runnable::run, Runnable::run);
            TourViewModel vm = new TourViewModel(() -> sample.model, SampleFixture::token, t -> { }, inline, 2, m -> null, TourCache.userDefault());
            tour = new TourPanel(vm);
            assertFalse(tour.computing.isVisible(), "nothing is computing before the tour starts");
            scroll = new ScrollPane(tour);
            scroll.setFitToWidth(true);
            stage = new Stage();
            stage.setScene(new Scene(scroll, 240, 520));
            stage.show();
            vm.start().join();
            return null;
        });
        FxRuntime.pulses(2);
        double backY = Double.NaN, nextY = Double.NaN;
        int steps = fx(() -> tour.viewModel().state().steps().size());
        for (int i = 0; i < steps; i++) {
            int step = i;
            fx(() -> {
                tour.viewModel().go(step);
                return null;
            });
            FxRuntime.pulses(2);
            double[] at = fx(() -> {
                stage.getScene().getRoot().layout();
                Bounds viewport = scroll.getViewportBounds(), text = tour.text.localToScene(tour.text.getLayoutBounds());
                double right = scroll.localToScene(scroll.getLayoutBounds()).getMinX() + viewport.getWidth();
                assertFalse(tour.text.isTextTruncated(), "step " + step + " is cut: " + tour.text.getText());
                assertFalse(tour.title.isTextTruncated(), "step " + step + " title is cut");
                assertTrue(text.getMaxX() <= right + 0.5, "step " + step + " runs past the panel: " + text.getMaxX() + " > " + right);
                assertFalse(tour.computing.isVisible(), "step " + step + " has its picture");
                return new double[]{tour.back.localToScene(0, 0).getY(), tour.next.localToScene(0, 0).getY()};
            });
            if (i > 0) {
                assertEquals(backY, at[0], 0.01, "Back moved on step " + i);
                assertEquals(nextY, at[1], 0.01, "Next moved on step " + i);
            }
            backY = at[0];
            nextY = at[1];
        }
        assertTrue(fx(() -> tour.viewModel().state().steps().get(1).text()).contains("K̃[m] ← α[m]·K̃[m]"), "the formulas are among the texts checked");
    }

    @Test
    void aStepWithoutItsPictureSaysItIsComputing() {
        TourState waiting = new TourState(java.util.List.of(new TourStep("t", "x", null)), 0, "running the demo sequence…", false, true);
        TourPanel panel = fx(() -> new TourPanel(new FixedTour(waiting)));
        assertTrue(fx(panel.computing::isVisible));
        TourState stopped = new TourState(waiting.steps(), 0, "stopped", false, false);
        assertFalse(fx(() -> new TourPanel(new FixedTour(stopped)).computing.isVisible()), "a stopped tour computes nothing");
    }

    /** A tour that always shows one state. */
    private record FixedTour(TourState state) implements Tour {
        @Override public void addListener(java.util.function.Consumer<TourState> l) { }
        @Override public java.util.concurrent.CompletableFuture<Void> start() { return java.util.concurrent.CompletableFuture.completedFuture(null); }
        @Override public void cancel() { }
        @Override public void modelChanged() { }
        @Override public void go(int i) { }
    }
}
