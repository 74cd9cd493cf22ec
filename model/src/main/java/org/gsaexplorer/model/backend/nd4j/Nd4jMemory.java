package org.gsaexplorer.model.backend.nd4j;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Workspaces for the ND4J sessions. A workspace learns the size of its first run, then serves every later run from
 * one block that is reset at the end of each run; a larger run spills outside it (freed when the run ends) and the
 * block grows to fit before the next one. So a session's native memory is bounded by its largest run, whatever the
 * number of runs, and nothing waits for the garbage collector.
 */
final class Nd4jMemory {
    private static final WorkspaceConfiguration RUNS = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .overallocationLimit(0.1)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();
    private static final AtomicLong IDS = new AtomicLong();

    private Nd4jMemory() {
    }

    /** A workspace owned by one session (not bound to a thread): enter it per run, destroy it when the session ends. */
    static MemoryWorkspace newWorkspace(String role) {
        return Nd4j.getWorkspaceManager().createNewWorkspace(RUNS, "gsa-" + role + "-" + IDS.incrementAndGet());
    }
}
