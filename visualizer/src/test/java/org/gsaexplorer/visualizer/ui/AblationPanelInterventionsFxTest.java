package org.gsaexplorer.visualizer.ui;

import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.visualizer.FxRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The ablation panel's interventions field: specs in, Ablations out on Enter; a bad one is one line and nothing is sent. */
class AblationPanelInterventionsFxTest {
    @BeforeAll
    static void start() {
        assumeTrue(FxRuntime.hasDisplay(), "no display: the FX tests run under xvfb-run -a (./gsa-explorer test does this)");
        System.setProperty("prism.order", "sw");
        FxRuntime.start();
    }

    @Test
    void enterSendsTheInterventionsAndShowPutsThemBack() {
        List<Ablations> sent = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        FxRuntime.call(() -> {
            AblationPanel panel = new AblationPanel(sent::add, errors::add);
            panel.noForget.setSelected(true);
            panel.interventions.setText(" knockout=1:0:5@3,  force-gate=0:1:2=0.25@1-4 clamp-readout=1:1:7 ");
            panel.interventions.fireEvent(new javafx.event.ActionEvent());
            Ablations a = sent.getLast();
            assertTrue(a.noForget());
            assertEquals(List.of("knockout=1:0:5@3", "force-gate=0:1:2=0.25@1-4", "clamp-readout=1:1:7"),
                    a.interventions().all().stream().map(i -> i.spec()).toList());

            AblationPanel other = new AblationPanel(x -> { }, x -> { });
            other.show(a);
            assertEquals("knockout=1:0:5@3 force-gate=0:1:2=0.25@1-4 clamp-readout=1:1:7", other.interventions.getText());
            assertEquals(a.describe(), other.current().describe());

            int before = sent.size();
            for (String bad : new String[]{"no-forget", "knockout=1:2", "force-gate=0:0:0=3"}) {
                panel.interventions.setText(bad);
                panel.interventions.fireEvent(new javafx.event.ActionEvent());
                assertEquals(before, sent.size(), bad + " is not sent");
                assertEquals(1, errors.getLast().lines().count(), errors.getLast());
            }
            panel.interventions.setText("");
            assertEquals(Ablations.NONE.withNoForget(true).describe(), panel.current().describe());
            assertThrows(GsaException.class, () -> {
                panel.interventions.setText("zero-head=x:0");
                panel.current();
            });
            return null;
        });
    }
}
