package org.gsaexplorer.visualizer.session;

import org.gsaexplorer.model.error.GsaException;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.visualizer.recall.SampleFixture;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The panels' view of the loaded model is freed only after their last session on it ends. */
class SharedModelTest {
    @Test
    void retiredModelIsFreedWhenItsLastPanelSessionCloses() {
        try (SampleFixture fx = new SampleFixture()) {
            SharedModel shared = new SharedModel(fx.model, fx.checkpoint.dir(), false);
            AtomicInteger freed = new AtomicInteger();
            GsaSession a = shared.newSession(), b = shared.newSession();
            a.step(3, ProbeSpec.NONE);

            shared.retire(freed::incrementAndGet);
            assertEquals(0, freed.get(), "two panel sessions still run on it");
            // a computation in flight finishes on the model it started on
            assertEquals(2, a.step(200, ProbeSpec.NONE).startPosition() + 1);
            GsaException late = assertThrows(GsaException.class, shared::newSession);
            assertFalse(late.getMessage().contains("\n"), late.getMessage());

            a.close();
            a.close(); // a second close is not a second session ending
            assertEquals(0, freed.get());
            b.close();
            assertEquals(1, freed.get());
            shared.retire(freed::incrementAndGet);
            assertEquals(1, freed.get(), "retired once");
        }
    }

    @Test
    void modelWithoutPanelSessionsIsFreedAtOnce() {
        try (SampleFixture fx = new SampleFixture()) {
            SharedModel shared = new SharedModel(fx.model, fx.checkpoint.dir(), false);
            AtomicInteger freed = new AtomicInteger();
            shared.newSession().close();
            shared.close(); // the explorer owns it: closing the panels' view frees nothing
            assertEquals(0, freed.get());
            shared.retire(freed::incrementAndGet);
            assertEquals(1, freed.get());
            assertTrue(shared.config().numLayers() > 0);
        }
    }
}
