package org.gsaexplorer.visualizer.panels;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.visualizer.language.LanguageTourViewModel;
import org.gsaexplorer.visualizer.recall.RecallViewModel;
import org.gsaexplorer.visualizer.recall.SampleFixture;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.gsaexplorer.visualizer.tour.TourCache;
import org.gsaexplorer.visualizer.tour.TourViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The recall and tour panels follow the explorer's model, without JavaFX: a new model drops what they found on the
 * old one, and the tour measures only while its panel is shown. Panel work runs on the caller's thread.
 */
class PanelsFollowModelTest {
    final List<ViewTarget> visited = new CopyOnWriteArrayList<>();
    ExplorerViewModel vm;
    RecallViewModel recall;
    TourViewModel tour;
    LanguageTourViewModel language;
    PanelsFollowModel panels;

    @BeforeEach
    void open() {
        vm = new ExplorerViewModel();
        vm.open(NavigationTest.SAMPLE, "reference", NavigationTest.PROMPT.text(), -1).join();
        BackgroundTasks inline = new BackgroundTasks(Runnable::run, Runnable::run);
        recall = new RecallViewModel(vm::loadedModel, SampleFixture::token, visited::add, inline, 1);
        tour = new TourViewModel(vm::loadedModel, SampleFixture::token, visited::add, inline, 2, m -> null, TourCache.userDefault());
        language = new LanguageTourViewModel(vm::loadedModel, vm::byteLevel, visited::add, inline);
        panels = new PanelsFollowModel(vm, recall, tour, language);
    }

    @AfterEach
    void close() {
        vm.close();
    }

    private void reopen() {
        vm.open(NavigationTest.SAMPLE, "reference", NavigationTest.PROMPT.text(), -1).join();
        vm.idle().join();
    }

    @Test
    void aNewModelDropsTheRecallSequenceOfTheOldOne() {
        recall.generate(4, Ablations.NONE).join();
        assertNotNull(recall.state().explanation());
        vm.step().join();
        assertNotNull(recall.state().explanation(), "a step keeps the model");
        reopen();
        assertNull(recall.state().explanation());
        assertNotNull(recall.generate(4, Ablations.NONE).join(), "the panel works on the new model");
    }

    @Test
    void theTourRunsOnlyOnceShownAndStartsAgainOnANewModel() {
        assertFalse(tour.state().ready(), "hidden: nothing measured");
        panels.tourShown(true);
        assertTrue(tour.state().ready());
        assertTrue(tour.measurements().complete());
        assertFalse(visited.isEmpty(), "the demo sent the views to the first step");
        panels.tourShown(false);
        panels.tourShown(true);
        assertTrue(tour.measurements().complete(), "shown again on the same model: the run stays");

        reopen();
        assertTrue(tour.state().ready(), "shown: the tour ran on the new model");
        assertTrue(tour.measurements().complete());

        panels.tourShown(false);
        reopen();
        assertFalse(tour.state().ready(), "hidden: the old model's tour is dropped and none starts");
        assertTrue(tour.measurements().accuracy("baseline", 8).isEmpty());
    }
}
