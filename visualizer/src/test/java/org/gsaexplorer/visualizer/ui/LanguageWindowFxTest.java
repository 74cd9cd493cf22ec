package org.gsaexplorer.visualizer.ui;

import javafx.stage.Stage;
import javafx.stage.Window;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.TestWindow;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.catalog.ModelPickerViewModel;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.language.LanguageTourPanel;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.StarterPrompt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.gsaexplorer.visualizer.FxTesting.awaitEquals;
import static org.gsaexplorer.visualizer.FxTesting.await;
import static org.gsaexplorer.visualizer.FxTesting.fx;
import static org.gsaexplorer.visualizer.FxTesting.startOnDisplay;

/**
 * The window on a real display (Xvfb in CI), from the recall model to the language model: the start page opens the
 * Rust model after the MQAR model and nothing of the first is left (title, prompt box, token strip); the tour tab then
 * holds the language tour, whose claims follow an edited text and whose bad inputs are one line in its status.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LanguageWindowFxTest {
    static final Path SAMPLES = ModelCatalog.findSamples(Path.of(""), null);
    /** The bound of every wait here, in seconds. */
    static final long WAIT_S = 120;
    static ExplorerViewModel vm;
    static ExplorerWindow win;
    static Stage stage;
    static TestWindow window;
    static RecentModels recent;

    @BeforeAll
    static void launch(@TempDir Path tmp) {
        startOnDisplay();
        vm = TestWindow.recallDemo(SAMPLES.resolve("mqar-gsa-tiny/model"), "nd4j");
        recent = new RecentModels(tmp.resolve("recent.txt"));
        window = TestWindow.open(vm, recent, 1300, 860);
        win = window.win();
        stage = window.stage();
    }

    @AfterAll
    static void close() {
        if (window != null) window.close();
    }

    @Test
    @Order(1)
    void theStartPageOpensTheRustModelAndNothingOfTheRecallModelStays() throws Exception {
        await(WAIT_S, () -> "GSA Explorer — mqar-gsa-tiny/model".equals(fx(() -> stage.getTitle())));
        assertTrue(fx(win::tokenStripText).matches(".*\\bv\\d+\\b.*"), "the strip shows the recall prompt first");
        StartPage page = fx(() -> {
            win.showStartPage();
            return win.startPage();
        });
        await(WAIT_S, () -> fx(() -> page.list.getItems().size()) >= 2);
        fx(() -> {
            ModelPickerViewModel.Entry rust = page.list.getItems().stream().filter(e -> e.title().equals(ModelCatalog.RUST_SAMPLE)).findFirst().orElseThrow();
            assertEquals("Rust documentation: watch a byte-level model read code and prose", rust.line());
            page.list.getSelectionModel().select(rust);
            page.open.fire();
            return null;
        });
        assertFalse(fx(page::showing), "picking closes the start page");
        await(WAIT_S, () -> vm.snapshot().model().name().equals("rust-docs-gsa/model") && vm.snapshot().loading() == null);
        vm.idle().join();
        vm.idle().join();
        await(WAIT_S, () -> "GSA Explorer — rust-docs-gsa/model".equals(fx(() -> stage.getTitle())));
        await(WAIT_S, () -> fx(win::promptBoxText).equals(StarterPrompt.RUST));
        String strip = fx(() -> {
            win.render(vm.snapshot());
            return win.tokenStripText();
        });
        assertFalse(strip.isBlank());
        assertFalse(strip.matches(".*\\b[kv]\\d+\\b.*"), "no recall token is left in the strip: " + strip);
        assertFalse(fx(win::promptBoxText).contains("k"), "the prompt box holds the Rust program only");
        assertFalse(fx(() -> stage.getTitle()).contains("mqar"));
        assertEquals(StarterPrompt.RUST.length(), vm.snapshot().computed(), "one token per byte of the program");
        await(WAIT_S, () -> recent.list().contains(SAMPLES.resolve("rust-docs-gsa/model").toAbsolutePath().normalize()));
    }

    @Test
    @Order(2)
    void theTourTabHoldsTheLanguageTourWhoseClaimsFollowTheText() throws Exception {
        LanguageTourPanel tour = fx(() -> {
            win.selectSidePanel("Tour");
            return win.languageTourPanel();
        });
        // a side tab's content is attached when it is first shown; its scroll pane takes the panel in at the next pulse
        FxRuntime.pulses(2);
        assertNotNull(fx(tour::getScene), "the tour tab shows the language tour on a byte-level model");
        assertNull(fx(() -> win.tourPanel().getScene()), "and not the recall tour");
        int bytes = StarterPrompt.RUST.length();
        awaitStatus(tour, "measured live on the " + bytes + " bytes of this text");
        String claim = fx(() -> tour.steps.text.getText());
        assertTrue(claim.contains("bits per byte"), claim);
        assertEquals(StarterPrompt.RUST, vm.snapshot().prompt(), "the views show the text the tour read");
        int windows = fx(() -> Window.getWindows().size());

        String edited = "let total = items.iter().map(|item| item.price).sum();\nprintln!(\"{}\", total);\n";
        fx(() -> {
            tour.text.setText(edited);
            tour.measure.fire();
            return null;
        });
        awaitStatus(tour, "measured live on the " + edited.length() + " bytes of this text");
        fx(() -> {
            tour.steps.next.fire();
            tour.steps.back.fire();
            return null;
        });
        assertNotEquals(claim, fx(() -> tour.steps.text.getText()), "the claims are measured again on the new text");
        await(WAIT_S, () -> vm.snapshot().prompt().equals(edited));

        fx(() -> {
            tour.text.setText("fn");
            tour.measure.fire();
            return null;
        });
        awaitStatus(tour, "the text is too short (2 bytes): the tour needs at least 8");
        assertEquals(windows, fx(() -> Window.getWindows().size()), "a bad text is one line in the tour, not a dialog");
    }

    private static void awaitStatus(LanguageTourPanel tour, String status) {
        awaitEquals(WAIT_S, status, () -> fx(() -> tour.steps.status.getText()));
    }
}
