package org.gsaexplorer.model.backend.cuda.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's stream and what its launches share: a cuBLAS handle on the stream, the kernel-argument buffer, device
 * scratch freed all at once, a pinned host buffer for asynchronous copies, and capture of launches into graphs.
 * Sessions are driven from one thread at a time.
 */
public final class SessionStream implements AutoCloseable {
    public final CudaDevice dev;
    public final Driver drv;
    public final MemorySegment stream;
    public final MemorySegment cublas;
    private final Arena arena = Arena.ofShared();
    private final KernelArgs args = new KernelArgs(arena);
    private final List<Long> scratch = new ArrayList<>();
    private MemorySegment pinned;

    public SessionStream(CudaDevice dev) {
        this.dev = dev;
        this.drv = dev.driver;
        this.stream = drv.createStream();
        try {
            this.cublas = Cublas.get().createHandle(stream);
        } catch (RuntimeException e) {
            drv.destroyStream(stream);
            arena.close();
            throw e;
        }
    }

    /** Appends a launch's arguments. */
    public interface ArgFill {
        void fill(KernelArgs a);
    }

    /** Launches {@code name} of {@code module} on the stream with the arguments {@code fill} appends. */
    public void launch(CudaModule module, String name, int gx, int gy, int bx, int smem, ArgFill fill) {
        launch(module, name, gx, gy, bx, smem, false, 1, fill);
    }

    /** As above; {@code dependent} overlaps the kernel's start with the previous one's end (see CudaModule.launch). */
    public void launch(CudaModule module, String name, int gx, int gy, int bx, int smem, boolean dependent, ArgFill fill) {
        launch(module, name, gx, gy, bx, smem, dependent, 1, fill);
    }

    /** As above, in clusters of {@code cluster} blocks along x where it is above 1. */
    public void launch(CudaModule module, String name, int gx, int gy, int bx, int smem, boolean dependent, int cluster, ArgFill fill) {
        fill.fill(args.reset());
        module.launch(name, gx, gy, 1, bx, smem, stream, args, dependent, cluster);
    }

    /** As the plain launch, over {@code gz} grid planes: a batched kernel's sequences (blockIdx.z). */
    public void launchBatched(CudaModule module, String name, int gx, int gy, int gz, int bx, int smem, boolean dependent, ArgFill fill) {
        fill.fill(args.reset());
        module.launch(name, gx, gy, gz, bx, smem, stream, args, dependent, 1);
    }

    /** Device scratch, freed with the rest by {@link #freeScratch}; {@code what} names the use in error messages. */
    public long scratch(long bytes, String what) {
        long p = drv.alloc(bytes, what);
        scratch.add(p);
        return p;
    }

    public void freeScratch() {
        for (long p : scratch) drv.free(p);
        scratch.clear();
    }

    /** The pinned host buffer (null before the first {@link #ensurePinned}). */
    public MemorySegment pinned() {
        return pinned;
    }

    /**
     * Makes the pinned buffer hold {@code bytes}; when it must be reallocated, {@code beforeRealloc} runs first (graphs
     * that copy into the old buffer must go).
     */
    public void ensurePinned(long bytes, Runnable beforeRealloc) {
        if (pinned != null && pinned.byteSize() >= bytes) return;
        beforeRealloc.run();
        if (pinned != null) drv.hostFree(pinned);
        pinned = null;
        pinned = drv.hostAlloc(bytes);
    }

    /** A captured graph and its executable instance. */
    public record Graph(MemorySegment graph, MemorySegment exec) {
    }

    /** Captures what {@code launches} queues on the stream into a graph (nothing of a failed capture is left behind). */
    public Graph capture(Runnable launches) {
        drv.beginCapture(stream);
        try {
            launches.run();
        } catch (RuntimeException e) {
            try {
                drv.destroyGraph(drv.endCapture(stream), null);
            } catch (RuntimeException alreadyBroken) {
                e.addSuppressed(alreadyBroken);
            }
            throw e;
        }
        MemorySegment graph = drv.endCapture(stream);
        return new Graph(graph, drv.instantiate(graph));
    }

    public void destroy(Graph g) {
        drv.destroyGraph(g.graph(), g.exec());
    }

    /** Frees the scratch, the pinned buffer, the cuBLAS handle and the stream (the caller has synchronised). */
    @Override
    public void close() {
        freeScratch();
        if (pinned != null) drv.hostFree(pinned);
        pinned = null;
        Cublas.get().destroyHandle(cublas);
        drv.destroyStream(stream);
        arena.close();
    }
}
