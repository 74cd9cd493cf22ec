package org.gsaexplorer.visualizer.tour;


import javafx.scene.Scene;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.visualizer.recall.RecallPanel;
import org.gsaexplorer.visualizer.recall.RecallViewModel;
import org.gsaexplorer.visualizer.recall.SampleFixture;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import java.util.concurrent.CopyOnWriteArrayList;


import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The two panes on a real display (Xvfb in CI): buttons drive the view models and the navigator. */
class RecallAndTourPanelsFxTest {
    static SampleFixture sample;
    static final List<ViewTarget> visited = new CopyOnWriteArrayList<>();
    static RecallPanel recall;
    static TourPanel tour;
    static Stage stage;

    @BeforeAll
    static void launch() throws Exception {
        assumeTrue(FxRuntime.hasDisplay(), "no display: the FX tests run under xvfb-run -a (./gsa-explorer test does this)");
        System.setProperty("prism.order", "sw");
        FxRuntime.start();
        sample = new SampleFixture();
        fx(() -> {
            // background work runs inline so each click completes before the assertions
            BackgroundTasks inline = new BackgroundTasks(Runnable::run, Runnable::run);
            recall = new RecallPanel(new RecallViewModel(() -> sample.model, SampleFixture::token, visited::add, inline, 3), () -> Ablations.NONE);
            tour = new TourPanel(new TourViewModel(() -> sample.model, SampleFixture::token, visited::add, inline, 5, m -> null, TourCache.userDefault()));
            stage = new Stage();
            stage.setScene(new Scene(new HBox(recall, tour), 900, 700));
            stage.show();
            return null;
        });
    }

    @AfterAll
    static void close() throws Exception {
        if (stage != null) fx(() -> {
            stage.close();
            return null;
        });
        if (sample != null) sample.close();
    }

    static <T> T fx(Supplier<T> work) throws Exception {
        T t = FxRuntime.call(work::get, 120);
        // let runLater renders queued by the work run too
        FxRuntime.call(() -> null, 30);
        return t;
    }

    @Test
    void recallPanelGeneratesAndSteps() throws Exception {
        visited.clear();
        fx(() -> {
            recall.pairs.getValueFactory().setValue(16);
            recall.generate.fire();
            return null;
        });
        fx(() -> {
            assertEquals(48, recall.queries.getItems().size());
            assertTrue(recall.summary.getText().startsWith("16 pairs · "), recall.summary.getText());
            assertTrue(recall.back.isDisabled());
            recall.step.fire();
            recall.step.fire();
            return null;
        });
        fx(() -> {
            assertEquals(1, recall.queries.getSelectionModel().getSelectedIndex());
            assertFalse(recall.back.isDisabled());
            assertTrue(recall.headline.getText().startsWith("query 2 at token 34"), recall.headline.getText());
            assertFalse(recall.path.getItems().isEmpty(), "the answer's path is tabled");
            return null;
        });
        assertEquals(2, visited.size());
        assertEquals(35, visited.getLast().tokens());
        assertEquals(ViewKind.PROVENANCE, visited.getLast().view());
    }

    @Test
    void tourPanelShowsLiveStepsAndNavigates() throws Exception {
        fx(() -> {
            assertEquals("step 1 of 10", tour.position.getText());
            assertTrue(tour.back.isDisabled());
            tour.viewModel().start();
            return null;
        });
        visited.clear();
        fx(() -> {
            assertTrue(tour.status.getText().startsWith("measured live: 5 sequences"), tour.status.getText());
            assertTrue(tour.cancel.isDisabled(), "nothing left to stop");
            tour.next.fire();
            return null;
        });
        fx(() -> {
            assertEquals("step 2 of 10", tour.position.getText());
            assertEquals("What a slot is", tour.title.getText());
            assertFalse(tour.text.getText().contains("…"), tour.text.getText());
            return null;
        });
        assertEquals(ViewKind.PROVENANCE, visited.getLast().view());
    }
}
