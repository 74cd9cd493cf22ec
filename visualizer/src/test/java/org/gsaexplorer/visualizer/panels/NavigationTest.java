package org.gsaexplorer.visualizer.panels;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.recall.MqarGenerator;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.MqarPrompt;
import org.gsaexplorer.visualizer.session.Selection;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** A panel's request becomes explorer commands and a view to show, without JavaFX. */
class NavigationTest {
    static final Path SAMPLE = ModelCatalog.findSamples(Path.of(""), null).resolve("mqar-gsa-tiny/model");
    static final MqarPrompt PROMPT = MqarPrompt.generate(8, 8, 1);

    final List<ViewKind> shownViews = new ArrayList<>();
    ExplorerViewModel vm;
    Navigation navigation;

    @BeforeEach
    void open() {
        vm = new ExplorerViewModel();
        navigation = new Navigation(vm, Runnable::run, shownViews::add);
    }

    @AfterEach
    void close() {
        vm.close();
    }

    private ExplorerSnapshot settled() {
        vm.idle().join();
        vm.idle().join();
        return vm.snapshot();
    }

    @Test
    void aTargetLoadsItsPromptAblationsSelectionCursorAndView() {
        vm.open(SAMPLE, "reference", PROMPT.text(), -1).join();
        int[] ids = MqarGenerator.generate(4, new SplittableRandom(3)).ids();
        navigation.navigate(new ViewTarget(ids, 10, 1, 1, 5, ViewKind.PROVENANCE, Ablations.NONE.withNoForget(true)));
        ExplorerSnapshot s = settled();
        assertArrayEquals(ids, s.main().tokens().ids());
        assertEquals(10, s.cursor());
        assertEquals(new Selection(1, 1, 5, Selection.DEFAULT.window()), s.selection());
        assertTrue(s.main().ablations().noForget());
        assertEquals(List.of(ViewKind.PROVENANCE), shownViews);
    }

    @Test
    void aTargetWithoutPromptOrAblationsKeepsThose() {
        vm.open(SAMPLE, "reference", PROMPT.text(), -1).join();
        vm.setAblations(Ablations.NONE.withSlotBudget(16)).join();
        ExplorerSnapshot before = settled();
        navigation.navigate(new ViewTarget(null, 7, 0, 1, 2, ViewKind.GATES, null));
        ExplorerSnapshot s = settled();
        assertEquals(before.prompt(), s.prompt());
        assertArrayEquals(before.main().tokens().ids(), s.main().tokens().ids());
        assertEquals(16, s.main().ablations().slotBudget());
        assertEquals(7, s.cursor());
        assertEquals(new Selection(0, 1, 2, Selection.DEFAULT.window()), s.selection());
        assertEquals(List.of(ViewKind.GATES), shownViews);
    }

    @Test
    void withoutAModelNothingMoves() {
        navigation.navigate(new ViewTarget(new int[]{1, 130}, 2, 0, 0, 0, ViewKind.READOUT, Ablations.NONE));
        ExplorerSnapshot s = settled();
        assertNull(s.model());
        assertEquals(0, s.cursor());
        assertTrue(shownViews.isEmpty());
    }
}
