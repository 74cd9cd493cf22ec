package org.gsaexplorer.visualizer.recall;

import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.ablation.Ablations;
import org.gsaexplorer.model.backend.Backends;
import org.gsaexplorer.model.recall.QueryExplanation;
import org.gsaexplorer.model.recall.RecallExplanation;
import org.gsaexplorer.model.recall.SlotRead;
import org.gsaexplorer.visualizer.views.ViewKind;
import org.gsaexplorer.visualizer.tasks.BackgroundTasks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecallViewModelTest {
    static SampleFixture sample;

    @BeforeAll
    static void load() {
        sample = new SampleFixture();
    }

    @AfterAll
    static void close() {
        sample.close();
    }

    /** Background work runs on the caller's thread, so each call has finished when it returns. */
    static final BackgroundTasks INLINE = new BackgroundTasks(Runnable::run, Runnable::run);
    final List<ViewTarget> visited = new ArrayList<>();

    RecallViewModel vm() {
        return new RecallViewModel(() -> sample.model, SampleFixture::token, visited::add, INLINE, 1);
    }

    @Test
    void generatesAndStepsThroughTheQueries() {
        RecallViewModel vm = vm();
        RecallExplanation ex = vm.generate(8, Ablations.NONE).join();
        assertEquals(56, ex.queries().size());
        assertFalse(vm.state().busy());
        assertEquals(-1, vm.state().selected());
        assertEquals(56, vm.queryRows().size());
        String first = vm.queryRows().getFirst();
        assertTrue(first.startsWith("q1   k" + ex.sequence().queryKey(0) + " → v" + (ex.sequence().expected()[0] - 128)), first);
        assertTrue(vm.summary().startsWith("8 pairs · " + ex.correct() + " of 56 queries right"), vm.summary());

        assertTrue(vm.stepForward());
        assertTrue(vm.stepForward());
        assertEquals(1, vm.state().selected());
        ViewTarget t = visited.getLast();
        QueryExplanation q = ex.queries().get(1);
        SlotRead strongest = RecallViewModel.strongestRead(q);
        assertEquals(q.outcome().position() + 1, t.tokens());
        assertEquals(strongest.layer(), t.layer());
        assertEquals(strongest.head(), t.head());
        assertEquals(strongest.slot(), t.slot());
        assertEquals(ViewKind.PROVENANCE, t.view());
        assertEquals(ex.sequence().ids(), t.prompt());
        assertTrue(t.promptText(SampleFixture::token).startsWith("k" + ex.sequence().ids()[0] + " v"));
        for (SlotRead r : q.slots()) assertTrue(r.readout() <= strongest.readout());

        assertTrue(vm.stepBack());
        assertFalse(vm.stepBack());
        assertEquals(0, vm.state().selected());
        assertEquals(3, visited.size());

        assertTrue(vm.headline(0).startsWith("query 1 at token 16: k" + ex.sequence().queryKey(0)), vm.headline(0));
        // every slot read joined with every token it holds, heaviest p·w first, the pair's value marked as the answer
        List<ReadPath> all = vm.path(0, Integer.MAX_VALUE);
        assertEquals(2 * 2 * RecallViewModel.TOP_SLOTS * RecallViewModel.TOP_TOKENS, all.size());
        for (int i = 1; i < all.size(); i++) assertTrue(all.get(i - 1).path() >= all.get(i).path());
        int value = ex.sequence().pairPosition(ex.sequence().queryKey(0)) + 1;
        for (ReadPath r : all) {
            assertEquals(r.readout() * r.held(), r.path(), 1e-9);
            assertEquals(r.position() == value, r.role().equals("answer"), r.toString());
        }
        assertEquals(all.subList(0, 5), vm.path(0, 5));
        double pair = all.stream().filter(r -> r.role().equals("answer") || r.role().equals("key")).mapToDouble(ReadPath::path).sum();
        assertTrue(vm.pathSummary(0).startsWith(String.format("p·w summed: from the pair %.2f", pair)), vm.pathSummary(0));
    }

    @Test
    void lastQueryCannotStepFurther() {
        RecallViewModel vm = vm();
        vm.generate(32, Ablations.NONE).join();
        vm.select(31);
        assertFalse(vm.stepForward());
        assertEquals(31, vm.state().selected());
    }

    @Test
    void ablationsTravelWithTheSequence() {
        RecallViewModel vm = vm();
        RecallExplanation ex = vm.generate(16, Ablations.NONE.withNoForget(true)).join();
        vm.select(0);
        assertTrue(visited.getLast().ablations().noForget());
        assertTrue(vm.summary().endsWith(" · no-forget"), vm.summary());
        assertTrue(ex.accuracy() < 0.8, "no-forget hurts 16-pair recall: " + ex.accuracy());
    }

    @Test
    void errorsAreOneLineInTheState() {
        RecallViewModel vm = vm();
        assertThrows(CompletionException.class, () -> vm.generate(64, Ablations.NONE).join());
        assertTrue(vm.state().error().startsWith("pairs 64: must be 1..63"), vm.state().error());
        RecallViewModel none = new RecallViewModel(() -> null, SampleFixture::token, visited::add, INLINE, 1);
        assertThrows(CompletionException.class, () -> none.generate(8, Ablations.NONE).join());
        assertEquals("no model is loaded", none.state().error());
        assertNull(none.state().explanation());
        none.select(0);
        assertTrue(visited.isEmpty());
    }

    @Test
    void aSequenceRunOnTheModelBeforeASwitchIsDropped() {
        // a second load of the sample: another model, as opening a folder or switching backend gives
        try (LoadedModel other = Backends.create("reference").load(sample.checkpoint)) {
            AtomicReference<LoadedModel> loaded = new AtomicReference<>(sample.model);
            List<Runnable> queued = new ArrayList<>();
            RecallViewModel vm = new RecallViewModel(loaded::get, SampleFixture::token, visited::add, new BackgroundTasks(queued::add, Runnable::run), 1);
            CompletableFuture<RecallExplanation> onOld = vm.generate(8, Ablations.NONE);
            assertTrue(vm.state().busy());
            loaded.set(other);
            queued.removeFirst().run();
            assertInstanceOf(CancellationException.class, assertThrows(CompletionException.class, onOld::join).getCause());
            assertNull(vm.state().explanation());
            assertFalse(vm.state().busy());
            assertFalse(vm.stepForward());
            assertTrue(visited.isEmpty());
        }
    }

    @Test
    void anOldModelsSequenceFinishingLastDoesNotReplaceTheNewOne() {
        try (LoadedModel other = Backends.create("reference").load(sample.checkpoint)) {
            AtomicReference<LoadedModel> loaded = new AtomicReference<>(sample.model);
            List<Runnable> queued = new ArrayList<>();
            RecallViewModel vm = new RecallViewModel(loaded::get, SampleFixture::token, visited::add, new BackgroundTasks(queued::add, Runnable::run), 1);
            CompletableFuture<RecallExplanation> first = vm.generate(8, Ablations.NONE);
            queued.removeFirst().run();
            assertTrue(first.join() == vm.state().explanation());
            CompletableFuture<RecallExplanation> onOld = vm.generate(16, Ablations.NONE);
            // the window sees model B and asks for a sequence on it while A's is still running
            loaded.set(other);
            vm.modelChanged();
            assertNull(vm.state().explanation());
            CompletableFuture<RecallExplanation> onNew = vm.generate(4, Ablations.NONE);
            queued.removeLast().run();
            queued.removeLast().run();
            assertTrue(queued.isEmpty());
            assertTrue(onNew.join() == vm.state().explanation(), "the new model's sequence is shown");
            assertInstanceOf(CancellationException.class, assertThrows(CompletionException.class, onOld::join).getCause());
            assertEquals(4, vm.state().explanation().sequence().pairs());
            vm.select(0);
            assertArrayEquals(onNew.join().sequence().ids(), visited.getLast().prompt());
        }
    }
}
