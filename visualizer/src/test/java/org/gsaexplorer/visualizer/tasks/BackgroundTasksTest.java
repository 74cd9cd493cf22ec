package org.gsaexplorer.visualizer.tasks;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** The one background executor: progress and results on the delivery executor, cooperative cancel, ordered lanes. */
class BackgroundTasksTest {
    /** Stands for the FX thread: one thread, named so the tests can see where callbacks ran. */
    final ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "ui"));
    final BackgroundTasks tasks = BackgroundTasks.threads(ui);

    @AfterEach
    void close() {
        tasks.close();
        ui.shutdownNow();
    }

    @Test
    void progressAndTheResultAreDeliveredOnTheDeliveryExecutor() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        BackgroundTasks.Job<Integer> job = tasks.submit(p -> {
            assertNotEquals("ui", Thread.currentThread().getName(), "the work runs off the UI thread");
            p.report(0.5, "half");
            return 42;
        }, u -> seen.add(Thread.currentThread().getName() + " " + u.fraction() + " " + u.message()), (v, e) -> {
            seen.add(Thread.currentThread().getName() + " done " + v + " " + e);
            done.countDown();
        });
        assertEquals(42, job.result().get(10, TimeUnit.SECONDS));
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("ui 0.5 half", "ui done 42 null"), seen);
    }

    @Test
    void cancellingStopsTheWorkAtItsNextCheck() throws Exception {
        AtomicLong rounds = new AtomicLong();
        CountDownLatch started = new CountDownLatch(1);
        BackgroundTasks.Job<Void> job = tasks.submit(p -> {
            while (true) {
                p.check();
                rounds.incrementAndGet();
                started.countDown();
            }
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        job.cancel();
        assertThrows(CancellationException.class, () -> job.result().join());
        long after = rounds.get();
        Thread.sleep(50);
        assertEquals(after, rounds.get(), "the loop has stopped");
    }

    @Test
    void closingCancelsWhatIsStillRunning() {
        CountDownLatch started = new CountDownLatch(1);
        BackgroundTasks.Job<Void> job = tasks.submit(p -> {
            started.countDown();
            while (true) p.check();
        });
        assertDoesNotThrow(() -> started.await(10, TimeUnit.SECONDS));
        tasks.close();
        assertThrows(CancellationException.class, () -> job.result().join());
    }

    @Test
    void aViewDeliversOnItsOwnExecutorAndOnlyTheOwnerStopsTheWork() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "other"));
        try {
            BackgroundTasks view = tasks.deliveringOn(other);
            CountDownLatch started = new CountDownLatch(1);
            List<String> doneOn = new CopyOnWriteArrayList<>();
            BackgroundTasks.Job<Void> job = view.submit(p -> {
                started.countDown();
                while (true) p.check();
            }, u -> { }, (v, e) -> doneOn.add(Thread.currentThread().getName()));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            view.close();
            Thread.sleep(50);
            assertFalse(job.result().isDone(), "closing a view stops nothing");
            tasks.close();
            assertThrows(CancellationException.class, () -> job.result().join());
            assertEquals(List.of("other"), doneOn);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void aFailureIsDeliveredAsTheException() {
        List<Throwable> errors = new ArrayList<>();
        BackgroundTasks inline = new BackgroundTasks(Runnable::run, Runnable::run);
        BackgroundTasks.Job<Object> job = inline.submit(p -> {
            throw new IllegalStateException("boom");
        }, u -> { }, (v, e) -> errors.add(e));
        assertEquals("boom", errors.getFirst().getMessage());
        assertEquals("boom", assertThrows(CompletionException.class, () -> job.result().join()).getCause().getMessage());
    }

    @Test
    void reportsFasterThanTheDeliveryRunsAreMergedIntoTheNewest() {
        List<Runnable> queued = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        BackgroundTasks slowUi = new BackgroundTasks(Runnable::run, queued::add);
        slowUi.submit(p -> {
            for (int i = 1; i <= 100; i++) p.report(i / 100.0, "step " + i);
            return null;
        }, u -> seen.add(u.message()), (v, e) -> seen.add("done"));
        assertEquals(2, queued.size(), "one progress delivery and the result");
        queued.forEach(Runnable::run);
        assertEquals(List.of("step 100", "done"), seen);
    }

    @Test
    void aTaskCancelledBeforeItStartsDoesNotRun() {
        List<Runnable> queued = new ArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        BackgroundTasks.Job<Integer> job = new BackgroundTasks(queued::add, Runnable::run).submit(p -> ran.incrementAndGet());
        job.cancel();
        queued.forEach(Runnable::run);
        assertEquals(0, ran.get());
        assertTrue(job.result().isCompletedExceptionally());
    }

    @Test
    void aLaneRunsItsTasksOneAtATimeInOrder() {
        var lane = tasks.serial();
        List<Integer> order = new ArrayList<>();
        AtomicInteger active = new AtomicInteger(), maxActive = new AtomicInteger();
        CompletableFuture<Void> last = new CompletableFuture<>();
        for (int i = 0; i < 2000; i++) {
            int n = i;
            lane.execute(() -> {
                maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
                order.add(n);
                active.decrementAndGet();
                if (n == 1999) last.complete(null);
            });
        }
        last.join();
        assertEquals(1, maxActive.get());
        for (int i = 0; i < 2000; i++) assertEquals(i, order.get(i));
    }

    @Test
    void aTaskGivenToALaneFromItsOwnTaskRunsAfterIt() {
        var lane = new BackgroundTasks(Runnable::run, Runnable::run).serial();
        List<String> order = new ArrayList<>();
        lane.execute(() -> {
            lane.execute(() -> order.add("inner"));
            order.add("outer");
        });
        assertEquals(List.of("outer", "inner"), order);
    }
}
