package org.gsaexplorer.visualizer.ui;

import javafx.stage.Stage;
import javafx.stage.Window;
import org.gsaexplorer.visualizer.FxRuntime;
import org.gsaexplorer.visualizer.catalog.ModelCatalog;
import org.gsaexplorer.visualizer.catalog.ModelPickerViewModel;
import org.gsaexplorer.visualizer.catalog.RecentModels;
import org.gsaexplorer.visualizer.language.LanguageTourPanel;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.MqarPrompt;
import org.gsaexplorer.visualizer.session.StarterPrompt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.gsaexplorer.visualizer.FxTesting.fx;

/**
 * The window on a real display (Xvfb in CI), from the recall model to the language model: the start page opens the
 * Rust model after the MQAR model and nothing of the first is left (title, prompt box, token strip); the tour tab then
 * holds the language tour, whose claims follow an edited text and whose bad inputs are one line in its status.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LanguageWindowFxTest {
    static final Path SAMPLES = ModelCatalog.findSamples(Path.of(""), null);
    static ExplorerViewModel vm;
    static ExplorerWindow win;
    static Stage stage;
    static RecentModels recent;

    @BeforeAll
    static void launch(@TempDir Path tmp) {
        assumeTrue(FxRuntime.hasDisplay(), "no display: the FX window tests run under xvfb-run -a (./gsa-explorer test does this)");
        System.setProperty("prism.order", "sw");
        FxRuntime.start();
        vm = new ExplorerViewModel();
        MqarPrompt p = MqarPrompt.generate(8, 8, 7);
        vm.open(SAMPLES.resolve("mqar-gsa-tiny/model"), "nd4j", p.text(), p.cursorAtQuery(4)).join();
        vm.idle().join();
        recent = new RecentModels(tmp.resolve("recent.txt"));
        win = fx(() -> {
            stage = new Stage();
            ExplorerWindow w = new ExplorerWindow(vm, recent);
            w.attach(stage);
            stage.setScene(w.scene(1300, 860));
            stage.show();
            w.start();
            return w;
        });
    }

    @AfterAll
    static void close() {
        if (win == null) return;
        fx(() -> {
            win.stop();
            stage.close();
            return null;
        });
        vm.close();
    }

    @Test
    @Order(1)
    void theStartPageOpensTheRustModelAndNothingOfTheRecallModelStays() throws Exception {
        await(() -> "GSA Explorer — mqar-gsa-tiny/model".equals(fx(() -> stage.getTitle())));
        assertTrue(fx(win::tokenStripText).matches(".*\\bv\\d+\\b.*"), "the strip shows the recall prompt first");
        StartPage page = fx(() -> {
            win.showStartPage();
            return win.startPage();
        });
        await(() -> fx(() -> page.list.getItems().size()) >= 2);
        fx(() -> {
            ModelPickerViewModel.Entry rust = page.list.getItems().stream().filter(e -> e.title().equals(ModelCatalog.RUST_SAMPLE)).findFirst().orElseThrow();
            assertEquals("Rust documentation: watch a byte-level model read code and prose", rust.line());
            page.list.getSelectionModel().select(rust);
            page.open.fire();
            return null;
        });
        assertFalse(fx(page::showing), "picking closes the start page");
        await(() -> vm.snapshot().model().name().equals("rust-docs-gsa/model") && vm.snapshot().loading() == null);
        vm.idle().join();
        vm.idle().join();
        await(() -> "GSA Explorer — rust-docs-gsa/model".equals(fx(() -> stage.getTitle())));
        await(() -> fx(win::promptBoxText).equals(StarterPrompt.RUST));
        String strip = fx(() -> {
            win.render(vm.snapshot());
            return win.tokenStripText();
        });
        assertFalse(strip.isBlank());
        assertFalse(strip.matches(".*\\b[kv]\\d+\\b.*"), "no recall token is left in the strip: " + strip);
        assertFalse(fx(win::promptBoxText).contains("k"), "the prompt box holds the Rust program only");
        assertFalse(fx(() -> stage.getTitle()).contains("mqar"));
        assertEquals(StarterPrompt.RUST.length(), vm.snapshot().computed(), "one token per byte of the program");
        await(() -> recent.list().contains(SAMPLES.resolve("rust-docs-gsa/model").toAbsolutePath().normalize()));
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
        await(() -> vm.snapshot().prompt().equals(edited));

        fx(() -> {
            tour.text.setText("fn");
            tour.measure.fire();
            return null;
        });
        awaitStatus(tour, "the text is too short (2 bytes): the tour needs at least 8");
        assertEquals(windows, fx(() -> Window.getWindows().size()), "a bad text is one line in the tour, not a dialog");
    }

    private static void awaitStatus(LanguageTourPanel tour, String status) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String s;
        while (!(s = fx(() -> tour.steps.status.getText())).equals(status)) {
            assertTrue(System.nanoTime() < end, "tour status still: " + s);
            Thread.sleep(20);
        }
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out");
            Thread.sleep(20);
        }
    }
}
